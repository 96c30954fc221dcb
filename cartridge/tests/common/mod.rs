//! WAT cartridges and helpers shared by the engine tests.
#![allow(dead_code)]

use std::time::Duration;

use x402_cartridge::{CartridgeConfig, CartridgeRequest, Cartridges, DeploySource};

/// A service on a fresh sled database in `dir`, with a short timeout.
pub(crate) fn open(dir: &std::path::Path) -> (sled::Db, Cartridges) {
    open_with(dir, |c| c)
}

/// Opens sled, waiting for a previous instance's handles to be released: blocking tasks of a
/// dropped service can hold a tree for a moment, and sled keeps its file lock until the last one
/// goes.
fn open_db(path: &std::path::Path) -> sled::Db {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match sled::open(path) {
            Ok(db) => return db,
            Err(e) if std::time::Instant::now() < deadline => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => panic!("cannot open sled at {}: {e}", path.display()),
        }
    }
}

/// Same, with a config tweak.
pub(crate) fn open_with(
    dir: &std::path::Path,
    tweak: impl FnOnce(CartridgeConfig) -> CartridgeConfig,
) -> (sled::Db, Cartridges) {
    let db = open_db(&dir.join("db"));
    let config = tweak(
        CartridgeConfig::new(dir)
            .timeout(Duration::from_millis(200))
            .call_timeout(Duration::from_millis(150))
            .max_concurrency(8),
    );
    let service = Cartridges::open(&db, config).expect("open the cartridge service");
    (db, service)
}

pub(crate) fn wasm(wat: &str) -> DeploySource {
    DeploySource::Wasm(wat::parse_str(wat).expect("the test module is valid WAT"))
}

pub(crate) fn get(path: &str, body: &str) -> CartridgeRequest {
    CartridgeRequest {
        method: "GET".into(),
        path: path.into(),
        body: body.into(),
        ..Default::default()
    }
}

/// Answers `text` with status `status`.
pub(crate) fn constant(text: &str, status: u16) -> String {
    format!(
        r#"(module
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{escaped}")
  (data (i32.const 64) "text/plain")
  (func (export "x402_handle") (param i32 i32)
    (call $response (i32.const {status}) (i32.const 16) (i32.const {len})
                    (i32.const 64) (i32.const 10))))"#,
        len = text.len(),
        escaped = text.replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// Echoes the request JSON through the `env` compatibility imports.
pub(crate) const ECHO_ENV: &str = r#"(module
  (import "env" "x402_response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "x402_handle") (param $p i32) (param $l i32)
    (call $response (i32.const 200) (local.get $p) (local.get $l) (i32.const 0) (i32.const 0))))"#;

/// Loops forever.
pub(crate) const LOOP: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "x402_handle") (param i32 i32) (loop $l (br $l))))"#;

/// Grows memory 1 MiB at a time until growth fails, then traps.
pub(crate) const MEMORY_BOMB: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "x402_handle") (param i32 i32)
    (loop $l
      (if (i32.ne (memory.grow (i32.const 16)) (i32.const -1)) (then (br $l))))
    unreachable))"#;

/// Calls the cartridge `deep` (itself) with its own request; answers the nesting depth reached
/// below it: the child's body digit + 1, or "0" when its call failed. The digit of the child's
/// `{"status":200,"body":"N",...}` sits at offset 22.
pub(crate) const DEEP: &str = r#"(module
  (import "x402" "call" (func $call (param i32 i32 i32 i32) (result i64)))
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "deep")
  (data (i32.const 8) "0")
  (func (export "x402_handle") (param $p i32) (param $l i32)
    (local $r i64)
    (local.set $r (call $call (i32.const 0) (i32.const 4) (local.get $p) (local.get $l)))
    (if (i64.ne (local.get $r) (i64.const 0))
      (then
        (i32.store8 (i32.const 8)
          (i32.add
            (i32.load8_u (i32.add (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32)))
                                  (i32.const 22)))
            (i32.const 1)))))
    (call $response (i32.const 200) (i32.const 8) (i32.const 1) (i32.const 0) (i32.const 0))))"#;

/// Stores the request under key "k" and answers the previous value ("new" if none). Traps
/// after the write when the request is longer than 300 bytes.
pub(crate) const KV: &str = r#"(module
  (import "x402" "kv_get" (func $get (param i32 i32) (result i64)))
  (import "x402" "kv_set" (func $set (param i32 i32 i32 i32) (result i32)))
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "k")
  (data (i32.const 8) "new")
  (func (export "x402_handle") (param $p i32) (param $l i32)
    (local $r i64)
    (local.set $r (call $get (i32.const 0) (i32.const 1)))
    (drop (call $set (i32.const 0) (i32.const 1) (local.get $p) (local.get $l)))
    (if (i32.gt_u (local.get $l) (i32.const 300)) (then unreachable))
    (if (i64.eqz (local.get $r))
      (then (call $response (i32.const 200) (i32.const 8) (i32.const 3) (i32.const 0) (i32.const 0)))
      (else (call $response (i32.const 200)
              (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32)))
              (i32.wrap_i64 (local.get $r)) (i32.const 0) (i32.const 0))))))"#;

/// Imports a WASI function.
pub(crate) const FORBIDDEN_IMPORT: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "x402_handle") (param i32 i32)))"#;

/// Passes a wild pointer to `response`.
pub(crate) const WILD_POINTER: &str = r#"(module
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "x402_handle") (param i32 i32)
    (call $response (i32.const 200) (i32.const -256) (i32.const 1000) (i32.const 0) (i32.const 0))))"#;
