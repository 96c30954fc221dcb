//! The CPU-only part of verifying a payment, as the paywall and the facilitator do it for every
//! paid request: decoding the `PAYMENT-SIGNATURE` header (base64 + JSON), parsing the `exact`
//! (Permit2) authorization, recovering the EIP-712 signer (secp256k1), and the whole local check.
//! No chain is involved. Run: `cargo bench -p x402-payments --bench headers`.

use std::hint::black_box;

use alloy::signers::local::PrivateKeySigner;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use x402_payments::headers;
use x402_payments::schemes::exact::{self, Authorization, SignOptions};
use x402_payments::schemes::now_secs;
use x402_payments::types::{PaymentPayload, PaymentRequirements};

/// Anvil's first well-known development key (no funds anywhere that matters).
const PAYER_KEY: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const CHAIN_ID: u64 = 42431;

fn bench(c: &mut Criterion) {
    let signer: PrivateKeySigner = PAYER_KEY.parse().expect("a valid secp256k1 key");
    let accepted: PaymentRequirements = serde_json::from_value(json!({
        "scheme": "exact",
        "network": format!("eip155:{CHAIN_ID}"),
        "amount": "1000",
        "asset": "0x20c0000000000000000000000000000000000000",
        "payTo": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "maxTimeoutSeconds": 300,
        "extra": {"assetTransferMethod": "permit2"},
    }))
    .expect("valid requirements JSON");
    let payload = exact::sign(&signer, &accepted, &SignOptions::default()).expect("signing");
    let payment: PaymentPayload = serde_json::from_value(json!({
        "x402Version": 2,
        "resource": {"url": "http://127.0.0.1:8080/c/bench", "description": "", "mimeType": ""},
        "accepted": accepted,
        "payload": payload,
    }))
    .expect("valid payment JSON");
    let header = headers::encode(&payment);
    let auth = Authorization::parse(&payment).expect("a valid authorization");
    let now = now_secs();
    auth.check(&accepted, CHAIN_ID, now)
        .expect("the bench payment passes the local checks");

    c.bench_function(
        &format!("decode PAYMENT-SIGNATURE ({} B)", header.len()),
        |b| b.iter(|| headers::decode::<PaymentPayload>(black_box(&header))),
    );
    c.bench_function("parse exact authorization", |b| {
        b.iter(|| Authorization::parse(black_box(&payment)))
    });
    c.bench_function("verify signature (EIP-712 ecrecover)", |b| {
        b.iter(|| black_box(&auth).verify_signature(CHAIN_ID))
    });
    c.bench_function("header to checked payment (decode + parse + check)", |b| {
        b.iter(|| {
            let payment: PaymentPayload =
                headers::decode(black_box(&header)).expect("decodes in the bench");
            let auth = Authorization::parse(&payment).expect("parses in the bench");
            auth.check(&payment.accepted, CHAIN_ID, now)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
