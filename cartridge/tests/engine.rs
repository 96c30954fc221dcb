//! The engine with real wasmtime and a real sled database on disk: ABI, limits, validation,
//! KV transactions and persistence, hot swap, rollback, interactive and cognitive cartridges.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::*;
use serde_json::Value;
use x402_cartridge::{AdminError, ExecError, FitnessAction, Kind, ModuleError};
use x402_payments::price::PriceError;

fn body(resp: &x402_cartridge::CartridgeResponse) -> String {
    String::from_utf8(resp.body.clone()).expect("the response body is UTF-8")
}

#[tokio::test]
async fn env_aliases_echo_the_request_document() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    let info = svc
        .deploy("echo", wasm(ECHO_ENV), Some("$0"))
        .await
        .unwrap();
    assert_eq!(
        (info.kind, info.version, info.price_micros),
        (Kind::Backend, 1, 0)
    );
    let mut req = get("/a/b?x=1", "hello");
    req.headers.insert("x-test".into(), "yes".into());
    let (resp, version) = svc.handle("echo", req).await.unwrap();
    assert_eq!((resp.status, version), (200, 1));
    assert_eq!(resp.content_type, "application/json");
    let doc: Value = serde_json::from_slice(&resp.body).unwrap();
    assert_eq!(doc["method"], "GET");
    assert_eq!(doc["path"], "/a/b?x=1");
    assert_eq!(doc["body"], "hello");
    assert_eq!(doc["headers"]["x-test"], "yes");
    assert!(doc["payment"].is_null());
}

/// One price type with the payments crate: `$0` is free, prices are normalised, and both
/// survive a restart.
#[tokio::test]
async fn a_zero_price_is_free_and_prices_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (db, svc) = open(dir.path());
    let free = svc
        .deploy("free", wasm(ECHO_ENV), Some("$0"))
        .await
        .unwrap();
    assert_eq!((free.price.as_str(), free.price_micros), ("$0", 0));
    let paid = svc
        .deploy("paid", wasm(ECHO_ENV), Some("$0.0010"))
        .await
        .unwrap();
    assert_eq!((paid.price.as_str(), paid.price_micros), ("$0.001", 1000));
    // The same text means the same amount to the paywall.
    let p: x402_cartridge::Price = "$0".parse().unwrap();
    assert!(p.is_free());
    drop(svc);
    drop(db);
    let (_db, svc) = open(dir.path());
    assert_eq!(svc.info("free").unwrap().price_micros, 0);
    assert_eq!(svc.info("paid").unwrap().price, "$0.001");
}

#[tokio::test]
async fn runaway_loop_is_stopped_and_others_keep_serving() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("loop", wasm(LOOP), None).await.unwrap();
    svc.deploy("ok", wasm(&constant("fine", 200)), None)
        .await
        .unwrap();
    let err = svc.handle("loop", get("/", "")).await.unwrap_err();
    assert!(matches!(err, ExecError::Timeout(_)), "{err}");
    assert_eq!(err.http_status(), 504);
    let (resp, _) = svc.handle("ok", get("/", "")).await.unwrap();
    assert_eq!(body(&resp), "fine");
}

#[tokio::test]
async fn memory_growth_past_the_limit_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("bomb", wasm(MEMORY_BOMB), None).await.unwrap();
    svc.deploy("ok", wasm(&constant("fine", 200)), None)
        .await
        .unwrap();
    let err = svc.handle("bomb", get("/", "")).await.unwrap_err();
    assert!(
        matches!(err, ExecError::MemoryLimit(l) if l == 64 << 20),
        "{err}"
    );
    assert!(err.to_string().contains("64 MiB"));
    assert_eq!(err.http_status(), 500);
    assert_eq!(
        body(&svc.handle("ok", get("/", "")).await.unwrap().0),
        "fine"
    );
}

#[tokio::test]
async fn memory_below_the_limit_is_usable() {
    // The same bomb with a 4 MiB cap stops earlier: the limit is the configured one.
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open_with(dir.path(), |c| c.memory_limit(4 << 20));
    svc.deploy("bomb", wasm(MEMORY_BOMB), None).await.unwrap();
    let err = svc.handle("bomb", get("/", "")).await.unwrap_err();
    assert!(
        matches!(err, ExecError::MemoryLimit(l) if l == 4 << 20),
        "{err}"
    );
}

#[tokio::test]
async fn nested_calls_stop_at_depth_three() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("deep", wasm(DEEP), None).await.unwrap();
    let (resp, _) = svc.handle("deep", get("/", "")).await.unwrap();
    assert_eq!(body(&resp), "3", "three nested levels below the request");

    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open_with(dir.path(), |c| c.max_call_depth(1));
    svc.deploy("deep", wasm(DEEP), None).await.unwrap();
    assert_eq!(
        body(&svc.handle("deep", get("/", "")).await.unwrap().0),
        "1"
    );
}

#[tokio::test]
async fn forbidden_and_malformed_modules_are_rejected_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("ok", wasm(&constant("fine", 200)), None)
        .await
        .unwrap();

    let err = svc
        .deploy("ok", wasm(FORBIDDEN_IMPORT), None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AdminError::Module(ModuleError::ForbiddenImport { module, name })
            if module == "wasi_snapshot_preview1" && name == "fd_write"),
        "{err}"
    );
    assert_eq!(err.http_status(), 400);

    let wrong_sig = r#"(module (import "x402" "log" (func (param i32)))
        (memory (export "memory") 1) (func (export "x402_handle") (param i32 i32)))"#;
    let err = svc.deploy("ok", wasm(wrong_sig), None).await.unwrap_err();
    assert!(err.to_string().contains("wrong signature"), "{err}");

    let no_handle = r#"(module (memory (export "memory") 1))"#;
    let err = svc.deploy("ok", wasm(no_handle), None).await.unwrap_err();
    assert!(err.to_string().contains("x402_handle"), "{err}");

    let garbage = x402_cartridge::DeploySource::Wasm(b"\0asm\x01\0\0\0garbage".to_vec());
    let err = svc.deploy("ok", garbage, None).await.unwrap_err();
    assert!(
        matches!(err, AdminError::Module(ModuleError::Malformed(_))),
        "{err}"
    );

    let err = svc
        .deploy("bad slug!", wasm(ECHO_ENV), None)
        .await
        .unwrap_err();
    assert!(matches!(err, AdminError::InvalidSlug(_)));
    let err = svc
        .deploy("ok", wasm(ECHO_ENV), Some("1 dollar"))
        .await
        .unwrap_err();
    assert!(matches!(err, AdminError::InvalidPrice(_)));
    let err = svc
        .deploy("ok", wasm(ECHO_ENV), Some("$0.0000001"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, AdminError::InvalidPrice(PriceError::TooPrecise(_))),
        "{err}"
    );
    let err = svc
        .deploy("ok", wasm(ECHO_ENV), Some("$1000000.000001"))
        .await
        .unwrap_err();
    assert!(matches!(err, AdminError::TooExpensive { .. }), "{err}");
    assert_eq!(err.http_status(), 400);

    let info = svc.info("ok").unwrap();
    assert_eq!((info.version, info.previous_version), (1, None));
    assert_eq!(
        body(&svc.handle("ok", get("/", "")).await.unwrap().0),
        "fine"
    );
}

#[tokio::test]
async fn wild_guest_pointers_trap_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("wild", wasm(WILD_POINTER), None).await.unwrap();
    let err = svc.handle("wild", get("/", "")).await.unwrap_err();
    assert!(matches!(err, ExecError::Trap(_)), "{err}");
    assert!(err.to_string().contains("outside memory"), "{err}");
}

#[tokio::test]
async fn kv_is_transactional_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (db, svc) = open(dir.path());
        svc.deploy("kv", wasm(KV), None).await.unwrap();
        assert_eq!(
            body(&svc.handle("kv", get("/", "first")).await.unwrap().0),
            "new"
        );
        let prev = body(&svc.handle("kv", get("/", "second")).await.unwrap().0);
        assert_eq!(
            serde_json::from_str::<Value>(&prev).unwrap()["body"],
            "first"
        );
        // A request that writes then traps leaves the store as it was.
        let err = svc.handle("kv", get("/", &"x".repeat(400))).await;
        assert!(matches!(err, Err(ExecError::Trap(_))));
        db.flush().unwrap();
    }
    let (_db, svc) = open(dir.path());
    let info = svc.info("kv").expect("cartridge restored");
    assert_eq!(info.version, 1);
    let prev = body(&svc.handle("kv", get("/", "third")).await.unwrap().0);
    assert_eq!(
        serde_json::from_str::<Value>(&prev).unwrap()["body"],
        "second"
    );
}

#[tokio::test]
async fn restart_loads_the_compiled_module_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let wat = constant("cached", 200);
    {
        let (db, svc) = open(dir.path());
        svc.deploy("c", wasm(&wat), None).await.unwrap();
        db.flush().unwrap();
    }
    let cache = dir.path().join("cartridges/cache");
    let files: Vec<_> = std::fs::read_dir(&cache).unwrap().collect();
    assert_eq!(files.len(), 1, "one artifact");
    let (_db, svc) = open(dir.path());
    let bytes = wat::parse_str(&wat).unwrap();
    assert!(svc.engine().load(&bytes, "c").unwrap().from_cache());
    assert_eq!(
        body(&svc.handle("c", get("/", "")).await.unwrap().0),
        "cached"
    );

    // A damaged artifact is ignored and recompiled, never loaded.
    let path = std::fs::read_dir(&cache)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut damaged = std::fs::read(&path).unwrap();
    let last = damaged.len() - 1;
    damaged[last] ^= 0xff;
    std::fs::write(&path, damaged).unwrap();
    let program = svc.engine().load(&bytes, "c").unwrap();
    assert!(!program.from_cache());
}

#[tokio::test]
async fn delete_removes_the_cartridge_and_its_kv() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("kv", wasm(KV), None).await.unwrap();
    svc.handle("kv", get("/", "first")).await.unwrap();
    svc.delete("kv").await.unwrap();
    assert!(svc.info("kv").is_none());
    assert!(matches!(
        svc.handle("kv", get("/", "")).await,
        Err(ExecError::NotFound(_))
    ));
    assert!(matches!(
        svc.delete("kv").await,
        Err(AdminError::NotFound(_))
    ));
    svc.deploy("kv", wasm(KV), None).await.unwrap();
    assert_eq!(
        body(&svc.handle("kv", get("/", "again")).await.unwrap().0),
        "new"
    );
}

#[tokio::test]
async fn rollback_swaps_with_the_kept_version() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("r", wasm(&constant("one", 200)), Some("$0.5"))
        .await
        .unwrap();
    let info = svc
        .deploy("r", wasm(&constant("two", 200)), None)
        .await
        .unwrap();
    assert_eq!((info.version, info.previous_version), (2, Some(1)));
    assert_eq!(info.price, "$0.5", "redeploy keeps the price");
    assert_eq!(body(&svc.handle("r", get("/", "")).await.unwrap().0), "two");
    let info = svc.rollback("r").await.unwrap();
    assert_eq!((info.version, info.previous_version), (1, Some(2)));
    assert_eq!(body(&svc.handle("r", get("/", "")).await.unwrap().0), "one");
    let info = svc.rollback("r").await.unwrap();
    assert_eq!(
        (info.version, info.previous_version),
        (2, Some(1)),
        "the rolled-back version is restored"
    );
    assert_eq!(body(&svc.handle("r", get("/", "")).await.unwrap().0), "two");
    let info = svc
        .deploy("r", wasm(&constant("three", 200)), None)
        .await
        .unwrap();
    assert_eq!(info.version, 3, "numbers are never reused");

    let (_db, svc) = open(&dir.path().join("fresh"));
    svc.deploy("once", wasm(&constant("one", 200)), None)
        .await
        .unwrap();
    let err = svc.rollback("once").await.unwrap_err();
    assert!(matches!(err, AdminError::NoPreviousVersion(_)));
    assert_eq!(err.http_status(), 409);
}

/// Traps (`unreachable`) on every request.
const TRAP: &str = r#"(module (memory (export "memory") 1)
  (func (export "x402_handle") (param i32 i32) unreachable))"#;

#[tokio::test]
async fn a_trapping_new_version_is_rolled_back_automatically_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (db, svc) = open_with(dir.path(), |c| c.health(4, 0.5));
    svc.deploy("h", wasm(&constant("good", 200)), None)
        .await
        .unwrap();
    svc.deploy("h", wasm(TRAP), None).await.unwrap();
    let mut outcomes = Vec::new();
    for _ in 0..5 {
        outcomes.push(match svc.handle("h", get("/", "")).await {
            Ok((resp, _)) => resp.status,
            Err(e) => e.http_status(),
        });
    }
    assert_eq!(
        outcomes,
        [500, 500, 500, 200, 200],
        "3 of 4 > 50 % → rollback"
    );
    let info = svc.info("h").unwrap();
    assert_eq!(
        (info.version, info.previous_version),
        (1, Some(2)),
        "the rolled-back version is kept"
    );
    // It survives a restart and can be restored.
    db.flush().unwrap();
    drop((db, svc));
    let (_db, svc) = open_with(dir.path(), |c| c.health(4, 0.5));
    assert_eq!(svc.info("h").unwrap().previous_version, Some(2));
    assert_eq!(svc.rollback("h").await.unwrap().version, 2);
    assert!(matches!(
        svc.handle("h", get("/", "")).await,
        Err(ExecError::Trap(_))
    ));
}

#[tokio::test]
async fn the_guests_own_5xx_answers_do_not_roll_it_back() {
    // Whoever calls a cartridge chooses inputs; answers the guest gives them (here 503 on
    // every request) must not let them roll a version back.
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open_with(dir.path(), |c| c.health(4, 0.5));
    svc.deploy("h", wasm(&constant("good", 200)), None)
        .await
        .unwrap();
    svc.deploy("h", wasm(&constant("busy", 503)), None)
        .await
        .unwrap();
    for _ in 0..6 {
        assert_eq!(svc.handle("h", get("/", "")).await.unwrap().0.status, 503);
    }
    assert_eq!(svc.info("h").unwrap().version, 2);
}

#[tokio::test]
async fn hot_swap_under_load_fails_no_request() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("s", wasm(&constant("v1", 200)), None)
        .await
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for _ in 0..6 {
        let (svc, stop) = (svc.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let (resp, version) = svc.handle("s", get("/", "")).await.expect("no failure");
                assert_eq!(resp.status, 200);
                seen.push((version, body(&resp)));
            }
            seen
        }));
    }
    for v in 2..=4 {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        svc.deploy("s", wasm(&constant(&format!("v{v}"), 200)), None)
            .await
            .unwrap();
        let (resp, version) = svc.handle("s", get("/", "")).await.unwrap();
        assert_eq!(
            (version, body(&resp)),
            (v, format!("v{v}")),
            "new requests get the new version"
        );
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    let mut total = 0;
    for w in workers {
        let seen = w.await.unwrap();
        total += seen.len();
        for (version, text) in &seen {
            assert_eq!(
                text,
                &format!("v{version}"),
                "each version answers its own body"
            );
        }
        assert!(
            seen.windows(2).all(|w| w[0].0 <= w[1].0),
            "a worker never goes back"
        );
    }
    assert!(total > 100, "{total} requests");
}

#[tokio::test]
async fn interactive_cartridges_render_frames() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    let game = r#"(module (memory (export "memory") 1)
      (global $t (mut i32) (i32.const 0))
      (func (export "x402_tick") (global.set $t (i32.add (global.get $t) (i32.const 1))))
      (func (export "x402_get_width") (result i32) (i32.const 2))
      (func (export "x402_get_height") (result i32) (i32.const 3))
      (func (export "x402_get_framebuffer") (result i32)
        (i32.store8 (i32.const 1024) (global.get $t)) (i32.const 1024)))"#;
    let info = svc.deploy("game", wasm(game), None).await.unwrap();
    assert_eq!(info.kind, Kind::Interactive);
    let frame = svc.frame("game", 5).await.unwrap();
    assert_eq!((frame.width, frame.height, frame.rgba.len()), (2, 3, 24));
    assert_eq!(frame.rgba[0], 5);
    let err = svc.handle("game", get("/", "")).await.unwrap_err();
    assert_eq!(err.http_status(), 400);
    assert_eq!(
        svc.public_wasm("game").unwrap(),
        wat::parse_str(game).unwrap()
    );
}

#[tokio::test]
async fn only_interactive_modules_are_published() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    svc.deploy("paid", wasm(&constant("secret sauce", 200)), Some("$1"))
        .await
        .unwrap();
    let err = svc.public_wasm("paid").unwrap_err();
    assert!(matches!(err, ExecError::ModuleNotPublic(_)), "{err}");
    assert_eq!(err.http_status(), 403);
    let err = svc.public_wasm("missing").unwrap_err();
    assert_eq!(err.http_status(), 404);
}

#[tokio::test]
async fn cognitive_hook_falls_back_and_rolls_back_on_fitness_drop() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, svc) = open(dir.path());
    let input = serde_json::json!({"x": 1});
    assert!(
        svc.cognitive("brain", &input).await.is_none(),
        "no cartridge → compiled code"
    );
    assert_eq!(
        svc.report_fitness_drop("brain").await.unwrap(),
        FitnessAction::Absent
    );

    let info = svc
        .deploy("cognitive-brain", wasm(&constant(r#"{"v":1}"#, 200)), None)
        .await
        .unwrap();
    assert_eq!(info.kind, Kind::Cognitive);
    svc.deploy("cognitive-brain", wasm(&constant(r#"{"v":2}"#, 200)), None)
        .await
        .unwrap();
    let out = svc.cognitive("brain", &input).await.unwrap().unwrap();
    assert_eq!(out["v"], 2);
    assert_eq!(
        svc.report_fitness_drop("brain").await.unwrap(),
        FitnessAction::RolledBack { to: 1 }
    );
    assert_eq!(
        svc.cognitive("brain", &input).await.unwrap().unwrap()["v"],
        1
    );
    assert_eq!(
        svc.report_fitness_drop("brain").await.unwrap(),
        FitnessAction::Removed
    );
    assert!(svc.cognitive("brain", &input).await.is_none());
}
