//! HTTP 402 end to end on a real anvil (Tempo mode) with a real node process: challenge,
//! payment with Permit2 through the x402 exact proxy, pathUSD moved on chain by exactly the
//! price, replays and concurrent duplicates settled once, rejections with the standard reasons,
//! authenticated facilitator, gas-sponsored first payment, records surviving a restart.

mod common;

use std::time::Duration;

use alloy::primitives::{Address, U256};
use alloy::signers::local::PrivateKeySigner;
use common::payments::{
    DEV_KEYS, Outcome, allowance, approve, dev_key, facilitator_address, facilitator_funded,
    node_wallet, pay_with, payments_ready, start_chain, write_paid_routes,
};
use common::{Node, wait_for};
use serde_json::{Value, json};
use x402_payments::client::{AllowanceMode, PayingClient};
use x402_payments::headers;
use x402_payments::onchain::{PATH_USD, PERMIT2};
use x402_payments::schemes::exact::{self, SignOptions};
use x402_payments::types::{PaymentPayload, PaymentRequired, PaymentRequirements};

async fn challenge(url: &str) -> (reqwest::Response, PaymentRequired) {
    let resp = reqwest::get(url).await.unwrap();
    assert_eq!(resp.status(), 402, "unpaid request to {url}");
    let h = resp.headers()[headers::PAYMENT_REQUIRED]
        .to_str()
        .unwrap()
        .to_string();
    (resp, headers::decode(&h).expect("PAYMENT-REQUIRED decodes"))
}

fn payment(required: &PaymentRequired, payload: Value) -> PaymentPayload {
    PaymentPayload {
        x402_version: 2,
        resource: Some(required.resource.clone()),
        accepted: required.accepts[0].clone(),
        payload,
        extensions: Default::default(),
    }
}

async fn pay(url: &str, p: &PaymentPayload) -> Outcome {
    pay_with(url, headers::PAYMENT_SIGNATURE, &headers::encode(p)).await
}

fn signed(signer: &PrivateKeySigner, req: &PaymentRequirements, opts: SignOptions) -> Value {
    exact::sign(signer, req, &opts).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_402_end_to_end_on_the_local_chain() {
    let (anvil, chain) = start_chain().await;
    let root = tempfile::tempdir().unwrap();
    let merchant = PrivateKeySigner::random().address();
    let data_dir = write_paid_routes(
        root.path(),
        "p0",
        json!({"routes": [{"path": "/paid/exact", "price": "$0.0025", "description": "pays a merchant",
                           "payTo": merchant.to_string(), "method": "GET", "response": {"report": 42}}]}),
    );
    let args = vec![
        "--chain-rpc".to_string(),
        anvil.rpc.clone(),
        "--chain-is-dev".to_string(),
    ];
    let mut node = Node::start_with(root.path(), "p0", &args);
    let token = || {
        std::fs::read_to_string(data_dir.join("admin.token"))
            .unwrap()
            .trim()
            .to_string()
    };

    // Ready: facilitator answering and its key funded by the identity task.
    let supported = payments_ready(&node).await;
    assert_eq!(supported["kinds"][0]["scheme"], "exact");
    assert_eq!(supported["kinds"][0]["network"], "eip155:31337");
    let facilitator = facilitator_address(&supported);
    facilitator_funded(&chain, facilitator).await;
    let wallet = node_wallet(&node).await;

    // 1. Unpaid → 402 with a decodable requirement.
    let demo = format!("{}/paid/hello", node.http);
    let (resp, required) = challenge(&demo).await;
    assert_eq!(resp.headers()["cache-control"], "no-store");
    assert!(
        resp.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .contains("PAYMENT-RESPONSE")
    );
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["x402Version"], 2);
    assert_eq!(required.x402_version, 2);
    assert_eq!(required.resource.url, demo);
    let req = &required.accepts[0];
    assert_eq!(
        (
            req.scheme.as_str(),
            req.network.as_str(),
            req.amount.as_str()
        ),
        ("exact", "eip155:31337", "1000")
    );
    assert_eq!(req.asset.parse::<Address>().unwrap(), PATH_USD);
    assert_eq!(req.pay_to.parse::<Address>().unwrap(), wallet);
    assert_eq!(req.transfer_method(), Some("permit2"));
    assert_eq!(req.extra["name"], "PathUSD");
    assert!(required.extensions["bazaar"]["info"]["input"]["method"] == "GET");
    assert!(required.extensions.contains_key("eip2612GasSponsoring"));

    let url = format!("{}/paid/exact", node.http);
    let (_, required) = challenge(&url).await;
    let req = required.accepts[0].clone();
    assert_eq!(req.amount, "2500");
    assert_eq!(req.pay_to.parse::<Address>().unwrap(), merchant);

    // 2. Undecodable header → 400.
    let bad = pay_with(&url, headers::PAYMENT_SIGNATURE, "%%% not base64").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("invalid_payload"));
    let bad = pay_with(
        &url,
        headers::PAYMENT_SIGNATURE,
        &headers::encode(&json!({"x402Version": 2})),
    )
    .await;
    assert_eq!(bad.status, 400);

    // 3. No Permit2 allowance, no sponsoring → 412 permit2_allowance_required.
    let payer = dev_key(0);
    let p = payment(&required, signed(&payer, &req, SignOptions::default()));
    let o = pay(&url, &p).await;
    assert_eq!(
        (o.status, o.error.as_deref()),
        (412, Some("permit2_allowance_required"))
    );

    // 4. After the one-time approval: paid → 200, exactly the price moved.
    approve(&anvil.rpc, &payer, PERMIT2, U256::MAX).await;
    let (payer_before, merchant_before) = (
        chain.balance(payer.address()).await.unwrap(),
        chain.balance(merchant).await.unwrap(),
    );
    let o = pay(&url, &p).await;
    assert_eq!(o.status, 200, "{}", o.body);
    assert_eq!(
        serde_json::from_str::<Value>(&o.body).unwrap()["data"]["report"],
        42
    );
    let s = o.settlement.expect("PAYMENT-RESPONSE");
    assert!(s.success);
    assert_eq!(s.transaction.len(), 66);
    assert_eq!(
        s.payer.as_deref().map(str::to_lowercase),
        Some(payer.address().to_string().to_lowercase())
    );
    let price = U256::from(2500);
    assert_eq!(
        chain.balance(merchant).await.unwrap(),
        merchant_before + price
    );
    assert_eq!(
        chain.balance(payer.address()).await.unwrap(),
        payer_before - price
    );

    // 5. The same payment again → refused, nothing moved.
    let o = pay(&url, &p).await;
    assert_eq!(
        (o.status, o.error.as_deref()),
        (402, Some("permit2_invalid_nonce"))
    );
    assert_eq!(
        chain.balance(merchant).await.unwrap(),
        merchant_before + price
    );

    // 6. Eight concurrent duplicates of a fresh payment → settled once.
    let p2 = payment(&required, signed(&payer, &req, SignOptions::default()));
    let outcomes = futures::future::join_all((0..8).map(|_| pay(&url, &p2))).await;
    let ok = outcomes.iter().filter(|o| o.status == 200).count();
    assert_eq!(
        ok,
        1,
        "statuses {:?}",
        outcomes.iter().map(|o| o.status).collect::<Vec<_>>()
    );
    assert!(outcomes.iter().all(|o| o.status == 200 || o.status == 402));
    assert_eq!(
        chain.balance(merchant).await.unwrap(),
        merchant_before + price * U256::from(2)
    );

    // 6b. 50 concurrent distinct payments → 50 settlements through one key, no nonce errors.
    let burst_to = format!("{}/paid/hello", node.http);
    let (_, demo_required) = challenge(&burst_to).await;
    let demo_req = demo_required.accepts[0].clone();
    let wallet_before = chain.balance(wallet).await.unwrap();
    let burst: Vec<PaymentPayload> = (0..50)
        .map(|_| {
            payment(
                &demo_required,
                signed(&payer, &demo_req, SignOptions::default()),
            )
        })
        .collect();
    let outcomes = futures::future::join_all(burst.iter().map(|p| pay(&burst_to, p))).await;
    let failed: Vec<_> = outcomes
        .iter()
        .filter(|o| o.status != 200)
        .map(|o| (o.status, o.error.clone(), o.settlement.clone()))
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    let txs: std::collections::BTreeSet<String> = outcomes
        .iter()
        .map(|o| o.settlement.clone().unwrap().transaction)
        .collect();
    assert_eq!(txs.len(), 50);
    let wallet_after = chain.balance(wallet).await.unwrap();
    assert!(
        wallet_after >= wallet_before + U256::from(50_000) - U256::from(5_000_000),
        "node wallet received the burst (minus at most its own fees)"
    );

    // 7. Wrong amount, expired, forged signature, wrong recipient, wrong network → rejected.
    let now = x402_payments::schemes::now_secs();
    let cases = [
        (
            signed(
                &payer,
                &req,
                SignOptions {
                    amount: Some(U256::from(2499)),
                    ..Default::default()
                },
            ),
            "permit2_amount_mismatch",
        ),
        (
            signed(
                &payer,
                &req,
                SignOptions {
                    deadline: Some(now - 10),
                    ..Default::default()
                },
            ),
            "permit2_deadline_expired",
        ),
    ];
    for (payload, reason) in cases {
        let o = pay(&url, &payment(&required, payload)).await;
        assert_eq!((o.status, o.error.as_deref()), (402, Some(reason)));
    }
    let mut forged = signed(&dev_key(1), &req, SignOptions::default());
    forged["permit2Authorization"]["from"] = json!(payer.address().to_string());
    let o = pay(&url, &payment(&required, forged)).await;
    assert_eq!(
        (o.status, o.error.as_deref()),
        (402, Some("invalid_permit2_signature"))
    );
    let mut elsewhere = req.clone();
    elsewhere.pay_to = Address::repeat_byte(0x77).to_string();
    let o = pay(
        &url,
        &payment(
            &required,
            signed(&payer, &elsewhere, SignOptions::default()),
        ),
    )
    .await;
    assert_eq!(
        (o.status, o.error.as_deref()),
        (402, Some("invalid_permit2_recipient_mismatch"))
    );
    let mut wrong_net = payment(&required, signed(&payer, &req, SignOptions::default()));
    wrong_net.accepted.network = "eip155:1".into();
    let o = pay(&url, &wrong_net).await;
    assert_eq!(o.status, 402);
    assert!(o.error.unwrap().contains("does not match"));
    assert_eq!(
        chain.balance(merchant).await.unwrap(),
        merchant_before + price * U256::from(2)
    );

    // 8. v1 header name works too (and answers X-PAYMENT-RESPONSE).
    let p3 = payment(&required, signed(&payer, &req, SignOptions::default()));
    let o = pay_with(&url, headers::X_PAYMENT, &headers::encode(&p3)).await;
    assert_eq!(o.status, 200, "{}", o.body);

    // 9. Gas-sponsored first payment: a payer without allowance signs a TIP-20 permit.
    let fresh = dev_key(2);
    let before = chain.balance(fresh.address()).await.unwrap();
    let client = PayingClient::new(fresh.clone())
        .chain_rpc(Some(anvil.rpc.clone()))
        .allowance_mode(AllowanceMode::SponsoringOnly);
    let paid = client.send(reqwest::Method::GET, &url, None).await.unwrap();
    assert_eq!(paid.status, 200, "{}", String::from_utf8_lossy(&paid.body));
    assert!(paid.settlement.unwrap().success);
    assert_eq!(
        chain.balance(fresh.address()).await.unwrap(),
        before - price
    );
    assert_eq!(
        chain.balance(merchant).await.unwrap(),
        merchant_before + price * U256::from(4)
    );
    // The max-amount guard refuses before signing.
    let guarded = client
        .clone()
        .max_amount(Some(2499))
        .send(reqwest::Method::GET, &url, None)
        .await;
    assert!(matches!(
        guarded,
        Err(x402_payments::client::ClientError::TooExpensive { .. })
    ));

    // 9b. The CLI: `x402-node pay` approves Permit2 once, pays, prints body and transaction.
    let key_file = root.path().join("payer.key");
    std::fs::write(&key_file, DEV_KEYS[3]).unwrap();
    let cli = |extra: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_x402-node"));
        cmd.args(["pay", &url, "--chain-rpc", &anvil.rpc, "--key-file"])
            .arg(&key_file)
            .args(extra)
            .env_remove("X402_DATA_DIR");
        cmd.output().unwrap()
    };
    let refused = cli(&["--max-amount", "$0.001"]);
    assert!(!refused.status.success(), "max-amount guard");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("exceeds the maximum"));
    // Only pathUSD by default; another allow-list refuses the server's asset before paying.
    let refused = cli(&["--asset", "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"]);
    assert!(!refused.status.success(), "asset allow-list");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("not in this client's allowed assets")
    );
    let cli_payer: alloy::signers::local::PrivateKeySigner = DEV_KEYS[3].parse().unwrap();
    assert_eq!(
        allowance(&anvil.rpc, cli_payer.address(), PERMIT2).await,
        U256::ZERO
    );
    let out = cli(&["--allowance", "approve", "--max-amount", "$0.01"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Permit2 was approved for exactly this payment (and it used it), never an unlimited amount.
    assert_eq!(
        allowance(&anvil.rpc, cli_payer.address(), PERMIT2).await,
        U256::ZERO
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"report\":42"));
    assert!(
        stderr.contains("paid $0.0025") && stderr.contains("transaction 0x"),
        "{stderr}"
    );
    assert_eq!(
        chain.balance(merchant).await.unwrap(),
        merchant_before + price * U256::from(5)
    );

    // 10. Facilitator API: remote settle needs the admin token; business rejections are 200.
    let http = reqwest::Client::new();
    let probe = json!({"x402Version": 2, "paymentPayload": p, "paymentRequirements": req});
    for path in ["/facilitator/settle", "/facilitator/verify"] {
        let r = http
            .post(format!("{}{path}", node.http))
            .json(&probe)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{path} without token");
    }
    let r = http
        .post(format!("{}/facilitator/settle", node.http))
        .bearer_auth(token())
        .json(&probe)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["success"].clone(), v["errorReason"].clone()),
        (json!(false), json!("permit2_invalid_nonce"))
    );
    assert_eq!(v["transaction"], "");

    // 11. Discovery lists the paid resources.
    let d: Value = node
        .get("/discovery/resources")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed: Vec<&str> = d["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["resource"].as_str().unwrap())
        .collect();
    assert!(
        listed.contains(&url.as_str()) && listed.contains(&demo.as_str()),
        "{listed:?}"
    );

    // 12. The payment records survive a crash; a replay is still refused.
    let list = |base: String, t: String| {
        let http = http.clone();
        async move {
            let r = http
                .get(format!("{base}/payments"))
                .bearer_auth(t)
                .send()
                .await
                .ok()?;
            (r.status() == 200).then_some(())?;
            r.json::<Value>().await.ok()
        }
    };
    assert_eq!(
        http.get(format!("{}/payments", node.http))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let records = list(node.http.clone(), token()).await.unwrap();
    let settled: Vec<&Value> = records["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "settled")
        .collect();
    assert_eq!(settled.len(), 55);
    assert!(
        settled
            .iter()
            .all(|r| r["transaction"].as_str().unwrap().starts_with("0x"))
    );
    node.kill().await;
    node = Node::start_with(root.path(), "p0", &args);
    let again = wait_for(
        Duration::from_secs(60),
        "restarted node lists payments",
        || list(node.http.clone(), token()),
    )
    .await;
    assert_eq!(again["payments"], records["payments"]);
    let o = pay(&format!("{}/paid/exact", node.http), &p2).await;
    assert_eq!(
        (o.status, o.error.as_deref()),
        (402, Some("permit2_invalid_nonce"))
    );
    assert_eq!(
        chain.balance(merchant).await.unwrap(),
        merchant_before + price * U256::from(5)
    );
    node.kill().await;
    anvil.stop().await;
}
