//! Helpers for payment tests against a real anvil (Tempo mode) and a real node process.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use alloy::network::EthereumWallet;
use alloy::primitives::{Address, B256, U256, keccak256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use serde_json::Value;
use x402_identity::Chain;
use x402_identity::devchain::DevChain;
use x402_payments::headers;
use x402_payments::onchain::{ITip20Token, PATH_USD};
use x402_payments::types::{PaymentRequired, SettleResponse};

use super::{Node, wait_for};

/// anvil's default dev keys (mnemonic "test test … junk"), accounts 5–9 (fee token pathUSD),
/// none used by the node itself.
pub const DEV_KEYS: [&str; 5] = [
    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];

/// The signer of [`DEV_KEYS`]`[i]` (anvil account `5 + i`).
pub fn dev_key(i: usize) -> PrivateKeySigner {
    DEV_KEYS[i].parse().unwrap()
}

/// Starts a local anvil (Tempo mode) and connects to it.
pub async fn start_chain() -> (DevChain, Chain) {
    let anvil = DevChain::start(0)
        .await
        .expect("anvil (run ./scripts/setup)");
    let chain = Chain::connect_dev(&anvil.rpc).await.unwrap();
    (anvil, chain)
}

/// Creates the data dir of node `name` under `root` with `routes` as its `paid-routes.json`;
/// returns the data dir.
pub fn write_paid_routes(root: &Path, name: &str, routes: Value) -> PathBuf {
    let data_dir = root.join(name);
    std::fs::create_dir_all(&data_dir).unwrap();
    std::fs::write(data_dir.join("paid-routes.json"), routes.to_string()).unwrap();
    data_dir
}

/// `signer` approves `spender` for `amount` pathUSD; asserts the approval was mined.
pub async fn approve(rpc: &str, signer: &PrivateKeySigner, spender: Address, amount: U256) {
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer.clone()))
        .connect_http(rpc.parse().unwrap());
    let receipt = ITip20Token::new(PATH_USD, &provider)
        .approve(spender, amount)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
}

/// The pathUSD allowance `owner` gave `spender`.
pub async fn allowance(rpc: &str, owner: Address, spender: Address) -> U256 {
    let provider = ProviderBuilder::new().connect_http(rpc.parse().unwrap());
    ITip20Token::new(PATH_USD, &provider)
        .allowance(owner, spender)
        .call()
        .await
        .unwrap()
}

/// pathUSD `Transfer`s from `from` to `to` in the (successful) receipt of `tx`, as amounts.
pub async fn transfers(rpc: &str, tx: &str, from: Address, to: Address) -> Vec<U256> {
    let provider = ProviderBuilder::new().connect_http(rpc.parse().unwrap());
    let receipt = provider
        .get_transaction_receipt(tx.parse::<B256>().unwrap())
        .await
        .unwrap()
        .expect("settlement mined");
    assert!(receipt.status());
    let topic = keccak256("Transfer(address,address,uint256)");
    receipt
        .inner
        .logs()
        .iter()
        .filter(|l| {
            let t = l.topics();
            l.address() == PATH_USD
                && t.len() == 3
                && t[0] == topic
                && t[1] == from.into_word()
                && t[2] == to.into_word()
        })
        .map(|l| U256::from_be_slice(&l.data().data))
        .collect()
}

/// Waits (up to 90 s) for the node's facilitator to answer; returns `/facilitator/supported`.
pub async fn payments_ready(node: &Node) -> Value {
    wait_for(Duration::from_secs(90), "payments ready", || async {
        let r = node.get("/facilitator/supported").await?;
        (r.status() == 200).then_some(())?;
        r.json().await.ok()
    })
    .await
}

/// The facilitator's signer address from a `/facilitator/supported` answer.
pub fn facilitator_address(supported: &Value) -> Address {
    supported["signers"]["eip155:*"][0]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Waits (up to 60 s) until the identity task has funded the facilitator key.
pub async fn facilitator_funded(chain: &Chain, facilitator: Address) {
    wait_for(Duration::from_secs(60), "facilitator funded", || async {
        (chain.balance(facilitator).await.ok()? >= U256::from(10_000_000u64)).then_some(())
    })
    .await;
}

/// The node's wallet address from `/swarm/status` (waits for the node to be ready).
pub async fn node_wallet(node: &Node) -> Address {
    node.ready().await.wallet.unwrap().parse().unwrap()
}

/// `GET /payments` with the node's admin token: the JSON answer.
pub async fn payment_records(node: &Node) -> Value {
    let token = std::fs::read_to_string(node.data_dir.join("admin.token")).unwrap();
    reqwest::Client::new()
        .get(format!("{}/payments", node.http))
        .bearer_auth(token.trim())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The entries of a `/payments` answer paid with `scheme`.
pub fn records_with_scheme<'a>(records: &'a Value, scheme: &str) -> Vec<&'a Value> {
    records["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["scheme"] == scheme)
        .collect()
}

/// The decoded `PAYMENT-REQUIRED` header of a 402.
pub fn payment_required(h: &reqwest::header::HeaderMap) -> PaymentRequired {
    headers::decode(h[headers::PAYMENT_REQUIRED].to_str().unwrap()).unwrap()
}

/// What a paid request got back.
pub struct Outcome {
    pub status: u16,
    pub settlement: Option<SettleResponse>,
    pub error: Option<String>,
    pub body: String,
}

/// `GET url` with the payment `value` in the header `header_name`: status, decoded
/// `PAYMENT-RESPONSE`, the error of a new `PAYMENT-REQUIRED`, and the body.
pub async fn pay_with(url: &str, header_name: &str, value: &str) -> Outcome {
    let resp = reqwest::Client::new()
        .get(url)
        .header(header_name, value)
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let settlement = resp
        .headers()
        .get(headers::PAYMENT_RESPONSE)
        .map(|v| headers::decode::<SettleResponse>(v.to_str().unwrap()).unwrap());
    let error = resp
        .headers()
        .get(headers::PAYMENT_REQUIRED)
        .and_then(|v| headers::decode::<PaymentRequired>(v.to_str().unwrap()).ok())
        .and_then(|c| c.error);
    Outcome {
        status,
        settlement,
        error,
        body: resp.text().await.unwrap(),
    }
}
