//! Paid and free requests have separate pools of execution slots: free requests that hold
//! every free slot never keep a paid request from running, and a paid slot is taken before the
//! payment settles (so a busy node refuses before charging).

mod common;

use std::time::Duration;

use common::*;
use x402_cartridge::ExecError;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn free_requests_never_take_the_paid_pool() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open_with(dir.path(), |mut c| {
        c.queue_timeout = Duration::from_millis(50);
        c.max_concurrency(2).timeout(Duration::from_secs(3))
    });
    svc.deploy("loop", wasm(LOOP), None).await.unwrap();
    svc.deploy("ok", wasm(&constant("fine", 200)), None)
        .await
        .unwrap();
    // Free loops until one finds no slot: every free slot then runs a loop (a loop that got a
    // slot runs for 3 s; one without a slot fails after the 50 ms queue timeout).
    let mut loops = Vec::new();
    loop {
        let svc2 = svc.clone();
        let mut task = tokio::spawn(async move { svc2.handle("loop", get("/", "")).await });
        match tokio::time::timeout(Duration::from_millis(500), &mut task).await {
            Ok(done) => {
                assert!(matches!(done.unwrap(), Err(ExecError::Busy)));
                break;
            }
            Err(_) => loops.push(task),
        }
    }
    assert_eq!(loops.len(), 2, "two free slots");
    assert!(matches!(
        svc.handle("ok", get("/", "")).await,
        Err(ExecError::Busy)
    ));
    // A paid request still gets a slot and runs.
    let slot = svc
        .reserve_paid()
        .await
        .expect("paid slot while free ones are busy");
    let (resp, _) = svc.handle_paid("ok", get("/", ""), slot).await.unwrap();
    assert_eq!(resp.body, b"fine");
    // The paid pool is bounded too: with both paid slots held, a third reservation is refused
    // (before any payment would settle).
    let a = svc.reserve_paid().await.unwrap();
    let b = svc.reserve_paid().await.unwrap();
    assert!(matches!(svc.reserve_paid().await, Err(ExecError::Busy)));
    drop(a);
    let c = svc
        .reserve_paid()
        .await
        .expect("a released slot is reusable");
    drop((b, c));
    for l in loops {
        assert!(matches!(l.await.unwrap(), Err(ExecError::Timeout(_))));
    }
}
