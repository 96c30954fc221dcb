//! The per-cartridge KV quota (bytes and keys) against a guest that writes new keys on every
//! request, and the durability of a paid request's writes across a crash (a real SIGKILL of a
//! process holding the sled database).

mod common;

use common::*;
use x402_cartridge::{CartridgeConfig, CartridgeRequest, Cartridges, PaymentInfo};

/// Stores 100 bytes under the whole request document as key; answers 200 − kv_set's code
/// (200 stored, 201 refused by a per-request limit, 202 by the byte quota, 203 by the key
/// quota).
const WRITER: &str = r#"(module
  (import "x402" "kv_set" (func $set (param i32 i32 i32 i32) (result i32)))
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "x402_handle") (param $p i32) (param $l i32)
    (call $response
      (i32.sub (i32.const 200)
        (call $set (local.get $p) (local.get $l) (i32.const 60000) (i32.const 100)))
      (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))))"#;

/// Requests whose documents (the keys WRITER stores under) differ by `n` and all have the
/// same length.
fn keyed(n: u32) -> CartridgeRequest {
    get(&format!("/{n:06}"), "")
}

/// Bytes one WRITER entry takes: key plus value.
fn entry_bytes() -> u64 {
    serde_json::to_vec(&keyed(0))
        .expect("a request serializes")
        .len() as u64
        + 100
}

async fn statuses(svc: &Cartridges, slug: &str, keys: &[u32]) -> Vec<u16> {
    let mut out = Vec::new();
    for &n in keys {
        out.push(
            svc.handle(slug, keyed(n))
                .await
                .expect("the request is served")
                .0
                .status,
        );
    }
    out
}

#[tokio::test]
async fn writes_past_the_byte_quota_are_refused_and_the_node_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let quota = |c: CartridgeConfig| c.kv_quota(entry_bytes() * 3 + entry_bytes() / 2, 1000);
    {
        let (db, svc) = open_with(dir.path(), quota);
        svc.deploy("w", wasm(WRITER), None).await.unwrap();
        svc.deploy("ok", wasm(&constant("fine", 200)), None)
            .await
            .unwrap();
        assert_eq!(
            statuses(&svc, "w", &[1, 2, 3, 4, 5]).await,
            [200, 200, 200, 202, 202],
            "the fourth entry would pass the quota: kv_set answers -2"
        );
        // Rewriting a stored key with a value of the same size does not grow the KV.
        assert_eq!(statuses(&svc, "w", &[2]).await, [200]);
        assert_eq!(
            svc.handle("ok", get("/", "")).await.unwrap().0.body,
            b"fine"
        );
        // Another cartridge has its own quota.
        svc.deploy("w2", wasm(WRITER), None).await.unwrap();
        assert_eq!(statuses(&svc, "w2", &[1, 2]).await, [200, 200]);
        db.flush().unwrap();
    }
    // The usage is counted again from the stored KV on restart.
    let (_db, svc) = open_with(dir.path(), quota);
    assert_eq!(statuses(&svc, "w", &[6, 3]).await, [202, 200]);
}

#[tokio::test]
async fn writes_past_the_key_quota_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open_with(dir.path(), |c| c.kv_quota(1 << 20, 2));
    svc.deploy("w", wasm(WRITER), None).await.unwrap();
    assert_eq!(
        statuses(&svc, "w", &[1, 2, 3, 1]).await,
        [200, 200, 203, 200],
        "a third key is refused with -3; stored keys can still be rewritten"
    );
}

#[tokio::test]
async fn concurrent_requests_cannot_overshoot_the_quota_together() {
    let dir = tempfile::tempdir().unwrap();
    let (db, svc) = open_with(dir.path(), |c| c.kv_quota(1 << 20, 5));
    svc.deploy("w", wasm(WRITER), None).await.unwrap();
    let tasks: Vec<_> = (0..16)
        .map(|n| {
            let svc = svc.clone();
            tokio::spawn(async move { svc.handle("w", keyed(n)).await.unwrap().0.status })
        })
        .collect();
    let mut stored = 0;
    for task in tasks {
        if task.await.unwrap() == 200 {
            stored += 1;
        }
    }
    assert_eq!(stored, 5);
    assert_eq!(db.open_tree("cartridge_kv/w").unwrap().len(), 5);
}

/// Environment variable telling [`crash_child`] where to work (unset in normal runs).
const CRASH_DIR: &str = "X402_TEST_KV_CRASH_DIR";

/// A request carrying a settled payment.
fn paid_request() -> CartridgeRequest {
    let mut paid = keyed(1);
    paid.payment = Some(PaymentInfo {
        payer: "0x00000000000000000000000000000000000000aa".into(),
        amount: "1000".into(),
        tx_hash: Some(format!("0x{}", "11".repeat(32))),
        network: "eip155:42431".into(),
        asset: "0x20c0000000000000000000000000000000000000".into(),
    });
    paid
}

/// Run by [`paid_writes_are_on_disk_before_the_response`] in a child process: one paid
/// request, then SIGKILL, no chance to flush.
#[tokio::test]
#[ignore = "run as a child process by paid_writes_are_on_disk_before_the_response"]
async fn crash_child() {
    let Some(dir) = std::env::var_os(CRASH_DIR) else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let (db, svc) = open(&dir);
    svc.deploy("w", wasm(WRITER), None).await.unwrap();
    db.flush().unwrap();
    let (resp, _) = svc.handle("w", paid_request()).await.unwrap();
    assert_eq!(resp.status, 200);
    // The response is out: die at once, as a power cut or OOM kill would.
    nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL).unwrap();
}

#[test]
fn paid_writes_are_on_disk_before_the_response() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["crash_child", "--exact", "--ignored", "--nocapture"])
        .env(CRASH_DIR, dir.path())
        .status()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        status.signal(),
        Some(9),
        "the child killed itself: {status}"
    );
    let db = sled::open(dir.path().join("db")).unwrap();
    let kv = db.open_tree("cartridge_kv/w").unwrap();
    assert_eq!(
        kv.get(serde_json::to_vec(&paid_request()).unwrap())
            .unwrap()
            .map(|v| v.len()),
        Some(100),
        "the paid request's write survived the crash"
    );
}

#[tokio::test]
async fn requests_and_revenue_are_counted_per_cartridge() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("w", wasm(WRITER), None).await.unwrap();
    svc.deploy("other", wasm(WRITER), None).await.unwrap();
    let counts = |slug: &str| {
        let info = svc.info(slug).unwrap();
        (info.requests, info.paid_requests, info.revenue_micros)
    };
    assert_eq!(counts("w"), (0, 0, 0));
    svc.handle("w", keyed(7)).await.unwrap();
    svc.handle("w", paid_request()).await.unwrap();
    svc.handle("w", paid_request()).await.unwrap();
    assert_eq!(counts("w"), (3, 2, 2000));
    // Per cartridge, and a redeploy (hot swap) keeps the counts.
    assert_eq!(counts("other"), (0, 0, 0));
    svc.deploy("w", wasm(WRITER), None).await.unwrap();
    assert_eq!(counts("w"), (3, 2, 2000));
}
