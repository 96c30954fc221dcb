//! The Moderato faucet path against a local JSON-RPC server speaking the real wire format:
//! an HTTP 200 carrying a JSON-RPC `error` is a failure (the reference system took it as success).

use alloy::transports::RpcError;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use alloy::primitives::Address;
use axum::Json;
use axum::extract::State;
use axum::routing::post;
use serde_json::{Value, json};
use x402_identity::Chain;
use x402_identity::chain::{ChainError, ChainKind};

/// A fake Moderato: chain id 42431, not anvil, zero balances; the faucet fails or succeeds.
async fn serve(faucet_ok: bool) -> (String, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let app =
        axum::Router::new()
            .route(
                "/",
                post(
                    |State((ok, calls)): State<(bool, Arc<AtomicUsize>)>,
                     Json(req): Json<Value>| async move {
                        let id = req["id"].clone();
                        let result = match req["method"].as_str().unwrap_or_default() {
                            "eth_chainId" => json!("0xa5bf"),
                            "web3_clientVersion" => json!("tempo/v1.0.0"),
                            "eth_call" => json!(format!("0x{}", "0".repeat(64))),
                            "tempo_fundAddress" => {
                                calls.fetch_add(1, Ordering::SeqCst);
                                assert_eq!(
                                    req["params"].as_array().expect("params is an array").len(),
                                    1
                                );
                                if ok {
                                    json!(["0x01"])
                                } else {
                                    return Json(json!({"jsonrpc": "2.0", "id": id,
                                "error": {"code": -32000, "message": "faucet rate limited"}}));
                                }
                            }
                            other => panic!("unexpected method {other}"),
                        };
                        Json(json!({"jsonrpc": "2.0", "id": id, "result": result}))
                    },
                ),
            )
            .with_state((faucet_ok, calls.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let url = format!(
        "http://{}",
        listener.local_addr().expect("the listener has an address")
    );
    tokio::spawn(async move {
        axum::serve(listener, app)
            .await
            .expect("the fake RPC server runs")
    });
    (url, calls)
}

#[tokio::test]
async fn faucet_json_rpc_error_is_a_failure_even_with_http_200() {
    let (url, calls) = serve(false).await;
    let chain = Chain::connect(&url).await.unwrap();
    assert_eq!(chain.kind, ChainKind::Moderato);
    let err = chain
        .ensure_funded(Address::repeat_byte(7))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ChainError::Faucet(RpcError::ErrorResp(e))
            if e.code == -32000 && e.message == "faucet rate limited"),
        "{err}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn faucet_success_is_reported() {
    let (url, calls) = serve(true).await;
    let chain = Chain::connect(&url).await.unwrap();
    assert!(chain.ensure_funded(Address::repeat_byte(7)).await.unwrap());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
