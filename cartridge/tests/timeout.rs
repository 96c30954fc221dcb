//! The wall-clock limit interrupts a runaway guest within the timeout plus 20 ms (one 10 ms
//! epoch tick plus scheduling), top level and nested. Kept in its own test binary so other
//! tests do not compete for the two cores while it measures.

mod common;

use std::time::{Duration, Instant};

use common::*;
use x402_cartridge::ExecError;

const TIMEOUT: Duration = Duration::from_millis(200);
const MARGIN: Duration = Duration::from_millis(20);

#[tokio::test]
async fn runaway_loop_stops_within_timeout_plus_20ms() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("loop", wasm(LOOP), None).await.unwrap();
    svc.deploy("ok", wasm(&constant("fine", 200)), None)
        .await
        .unwrap();
    for _ in 0..3 {
        let started = Instant::now();
        let err = svc.handle("loop", get("/", "")).await.unwrap_err();
        let took = started.elapsed();
        assert!(
            matches!(err, ExecError::Timeout(t) if t == TIMEOUT),
            "{err}"
        );
        assert!(took >= TIMEOUT, "stopped early: {took:?}");
        assert!(took <= TIMEOUT + MARGIN, "stopped late: {took:?}");
        // The engine keeps serving.
        let (resp, _) = svc.handle("ok", get("/", "")).await.unwrap();
        assert_eq!(resp.body, b"fine");
    }
}

#[tokio::test]
async fn a_looping_callee_is_stopped_by_the_call_timeout() {
    // `caller` calls `loop` (150 ms call timeout) and answers "0" when the call fails.
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("loop", wasm(LOOP), None).await.unwrap();
    svc.deploy("caller", wasm(&DEEP.replace("\"deep\"", "\"loop\"")), None)
        .await
        .unwrap();
    let started = Instant::now();
    let (resp, _) = svc.handle("caller", get("/", "")).await.unwrap();
    let took = started.elapsed();
    assert_eq!(resp.body, b"0", "the failed call returned 0 to the caller");
    let call_timeout = Duration::from_millis(150);
    assert!(
        took >= call_timeout && took <= call_timeout + MARGIN,
        "{took:?}"
    );
}
