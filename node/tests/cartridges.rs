//! Cartridges through real `x402-node` processes on loopback: a Rust cartridge really compiled
//! to wasm32 and called over HTTP, limits and rejections with the node still serving, hot swap
//! under concurrent load, rollback, KV across a restart, and the admin token.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use base64::Engine as _;
use common::Node;
use serde_json::{Value, json};

fn token(node: &Node) -> String {
    std::fs::read_to_string(node.data_dir.join("admin.token"))
        .expect("admin.token created on first start")
        .trim()
        .to_string()
}

/// Starts an offline node named `name` in a fresh temporary root and waits until it is ready.
async fn offline_node(name: &str) -> (tempfile::TempDir, Node) {
    let root = tempfile::tempdir().unwrap();
    // Load tests below send hundreds of requests a second from one address: lift the per-IP
    // rate limit (tested on its own in gateway_limits.rs).
    let node = Node::start_with(
        root.path(),
        name,
        &["--offline", "--http-rate-per-ip", "100000"].map(String::from),
    );
    node.ready().await;
    (root, node)
}

/// `method {node}/admin/cartridges/{path}` with the node's token; returns the status.
async fn admin(node: &Node, method: reqwest::Method, path: &str) -> u16 {
    client()
        .request(method, format!("{}/admin/cartridges/{path}", node.http))
        .bearer_auth(token(node))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

/// `POST /admin/cartridges` with the node's token; returns status and JSON body.
async fn deploy(node: &Node, body: Value) -> (u16, Value) {
    let resp = client()
        .post(format!("{}/admin/cartridges", node.http))
        .bearer_auth(token(node))
        .json(&body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

async fn deploy_wat(node: &Node, slug: &str, wat: &str) -> (u16, Value) {
    let wasm = wat::parse_str(wat).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(wasm);
    deploy(
        node,
        json!({ "slug": slug, "wasm_base64": b64, "price": "$0" }),
    )
    .await
}

/// GET `/c/{path}`: status and body text.
async fn call(node: &Node, path: &str) -> (u16, String) {
    let resp = client()
        .get(format!("{}/c/{path}", node.http))
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// GET `path` on the node's gateway: the JSON body.
async fn get_json(node: &Node, path: &str) -> Value {
    client()
        .get(format!("{}{path}", node.http))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn list(node: &Node) -> Vec<Value> {
    get_json(node, "/c").await["cartridges"]
        .as_array()
        .unwrap()
        .clone()
}

fn constant(text: &str) -> String {
    format!(
        r#"(module
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{text}")
  (func (export "x402_handle") (param i32 i32)
    (call $response (i32.const 200) (i32.const 16) (i32.const {len}) (i32.const 0) (i32.const 0))))"#,
        len = text.len()
    )
}

#[tokio::test]
async fn rust_source_is_compiled_to_wasm_and_served_over_http() {
    let (_root, node) = offline_node("cart-rust").await;

    let source = x402_cartridge::template::lib_rs("hello");
    // Free: this node is offline, so a priced cartridge would answer 503 (no payments).
    let (status, body) = deploy(
        &node,
        json!({ "slug": "hello", "source": source, "price": "$0" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["cartridge"]["kind"], "backend");
    assert_eq!(body["cartridge"]["price"], "$0");

    let resp = client()
        .post(format!("{}/c/hello/some/path?q=1", node.http))
        .header("x-test", "yes")
        .body("hi there")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["x-cartridge-version"], "1");
    let doc: Value = resp.json().await.unwrap();
    assert_eq!(doc["cartridge"], "hello");
    assert_eq!(doc["hits"], 1);
    assert_eq!(doc["request"]["method"], "POST");
    assert_eq!(doc["request"]["path"], "/some/path?q=1");
    assert_eq!(doc["request"]["body"], "hi there");
    assert_eq!(doc["request"]["headers"]["x-test"], "yes");
    assert!(doc["request"]["payment"].is_null());
    let (_, text) = call(&node, "hello").await;
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["hits"],
        2,
        "KV counter"
    );

    let listed = list(&node).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["slug"], "hello");
    assert_eq!(listed[0]["version"], 1);
    assert_eq!(listed[0]["hash"].as_str().unwrap().len(), 64);
    let manifest = get_json(&node, "/c/hello/manifest").await;
    assert_eq!(manifest["cartridge"]["slug"], "hello");
    assert_eq!(manifest["limits"]["max_call_depth"], 3);
    // A backend's module is not published: its requests may be sold.
    let resp = client()
        .get(format!("{}/c/hello/wasm", node.http))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let error: Value = resp.json().await.unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("only interactive cartridges' modules are published"),
        "{error}"
    );

    // A compile error comes back verbatim and changes nothing.
    let broken = "#![no_std]\npub fn broken() -> u32 { missing_thing }\n";
    let (status, body) = deploy(&node, json!({ "slug": "hello", "source": broken })).await;
    assert_eq!(status, 400, "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(
        error.contains("cannot find value `missing_thing`"),
        "{error}"
    );
    assert!(error.len() <= 8 * 1024 + 200);
    assert_eq!(list(&node).await[0]["version"], 1);
    assert_eq!(call(&node, "hello").await.0, 200);
}

#[tokio::test]
async fn cartridge_source_cannot_read_the_nodes_secrets() {
    let (_root, node) = offline_node("cart-secrets").await;
    let data = std::fs::canonicalize(&node.data_dir).unwrap();
    let token = data.join("admin.token");
    let key = data.join("node.key");
    assert!(token.is_file() && key.is_file());
    let attempts = [
        format!(
            "{}\n#[no_mangle]\npub static T: &[u8] = include_bytes!({:?});\n",
            x402_cartridge::template::lib_rs("thief"),
            token.display().to_string()
        ),
        format!(
            "{}\n#[path = {:?}]\nmod key;\n",
            x402_cartridge::template::lib_rs("thief"),
            key.display().to_string()
        ),
    ];
    for (i, source) in attempts.iter().enumerate() {
        let (status, body) = deploy(
            &node,
            json!({ "slug": format!("thief{i}"), "source": source, "price": "$0" }),
        )
        .await;
        assert_eq!(status, 400, "the build must not read the data dir: {body}");
        let error = body["error"].as_str().unwrap();
        assert!(error.contains("No such file or directory"), "{error}");
    }
    assert!(list(&node).await.is_empty());
}

const MEMORY_BOMB: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "x402_handle") (param i32 i32)
    (loop $l (if (i32.ne (memory.grow (i32.const 16)) (i32.const -1)) (then (br $l))))
    unreachable))"#;

/// Calls itself; answers the depth reached below it (see the engine tests).
const DEEP: &str = r#"(module
  (import "x402" "call" (func $call (param i32 i32 i32 i32) (result i64)))
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "deep")
  (data (i32.const 8) "0")
  (func (export "x402_handle") (param $p i32) (param $l i32)
    (local $r i64)
    (local.set $r (call $call (i32.const 0) (i32.const 4) (local.get $p) (local.get $l)))
    (if (i64.ne (local.get $r) (i64.const 0))
      (then (i32.store8 (i32.const 8)
        (i32.add (i32.load8_u (i32.add (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32)))
                                       (i32.const 22)))
                 (i32.const 1)))))
    (call $response (i32.const 200) (i32.const 8) (i32.const 1) (i32.const 0) (i32.const 0))))"#;

#[tokio::test]
async fn limits_and_bad_modules_leave_the_node_serving() {
    let (_root, node) = offline_node("cart-limits").await;
    assert_eq!(deploy_wat(&node, "ok", &constant("fine")).await.0, 201);

    assert_eq!(deploy_wat(&node, "bomb", MEMORY_BOMB).await.0, 201);
    let (status, body) = call(&node, "bomb").await;
    assert_eq!(status, 500);
    assert!(body.contains("memory limit of 64 MiB"), "{body}");
    assert_eq!(call(&node, "ok").await, (200, "fine".to_string()));

    assert_eq!(deploy_wat(&node, "deep", DEEP).await.0, 201);
    assert_eq!(call(&node, "deep").await, (200, "3".to_string()));

    let forbidden = r#"(module
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1) (func (export "x402_handle") (param i32 i32)))"#;
    let (status, body) = deploy_wat(&node, "ok", forbidden).await;
    assert_eq!(status, 400);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("forbidden import `wasi_snapshot_preview1::fd_write`"),
        "{body}"
    );

    let garbage = base64::engine::general_purpose::STANDARD.encode(b"\0asm\x01\0\0\0nope");
    let (status, body) = deploy(&node, json!({ "slug": "ok", "wasm_base64": garbage })).await;
    assert_eq!(status, 400);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("malformed wasm module"),
        "{body}"
    );
    let (status, _) = deploy(&node, json!({ "slug": "ok", "wasm_base64": "%%%" })).await;
    assert_eq!(status, 400);

    assert_eq!(call(&node, "ok").await, (200, "fine".to_string()));
    assert_eq!(call(&node, "missing").await.0, 404);
    let versions: Vec<_> = list(&node)
        .await
        .iter()
        .map(|c| c["version"].clone())
        .collect();
    assert_eq!(
        versions,
        [json!(1), json!(1), json!(1)],
        "rejected uploads changed nothing"
    );
}

#[tokio::test]
async fn hot_swap_under_concurrent_load_then_rollback() {
    let (_root, node) = offline_node("cart-swap").await;
    assert_eq!(deploy_wat(&node, "s", &constant("v1")).await.0, 201);

    let stop = Arc::new(AtomicBool::new(false));
    let url = format!("{}/c/s", node.http);
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let (stop, url) = (stop.clone(), url.clone());
            tokio::spawn(async move {
                let client = client();
                let mut seen = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let resp = client.get(&url).send().await.expect("request sent");
                    let status = resp.status().as_u16();
                    let version = resp.headers()["x-cartridge-version"]
                        .to_str()
                        .unwrap()
                        .to_string();
                    let text = resp.text().await.unwrap();
                    seen.push((status, version, text));
                }
                seen
            })
        })
        .collect();
    for v in 2..=3 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (status, body) = deploy_wat(&node, "s", &constant(&format!("v{v}"))).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["cartridge"]["version"], v);
        assert_eq!(call(&node, "s").await, (200, format!("v{v}")));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let mut total = 0;
    let mut versions = std::collections::BTreeSet::new();
    for w in workers {
        for (status, version, text) in w.await.unwrap() {
            assert_eq!(status, 200, "no failed request during the swaps");
            assert_eq!(text, format!("v{version}"));
            versions.insert(version);
            total += 1;
        }
    }
    assert!(total >= 50, "{total} requests");
    assert_eq!(
        versions.len(),
        3,
        "load ran across both swaps: {versions:?}"
    );

    let rollback = || admin(&node, reqwest::Method::POST, "s/rollback");
    assert_eq!(rollback().await, 200);
    assert_eq!(call(&node, "s").await, (200, "v2".to_string()));
    assert_eq!(rollback().await, 200, "the rolled-back version is kept");
    assert_eq!(call(&node, "s").await, (200, "v3".to_string()));
}

const KV: &str = r#"(module
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
    (if (i64.eqz (local.get $r))
      (then (call $response (i32.const 200) (i32.const 8) (i32.const 3) (i32.const 0) (i32.const 0)))
      (else (call $response (i32.const 200)
              (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32)))
              (i32.wrap_i64 (local.get $r)) (i32.const 0) (i32.const 0))))))"#;

#[tokio::test]
async fn cartridges_and_their_kv_survive_a_restart() {
    let (root, mut node) = offline_node("cart-restart").await;
    assert_eq!(deploy_wat(&node, "kv", KV).await.0, 201);
    assert_eq!(call(&node, "kv/first").await, (200, "new".to_string()));
    let (_, prev) = call(&node, "kv/second").await;
    assert_eq!(
        serde_json::from_str::<Value>(&prev).unwrap()["path"],
        "/first"
    );
    // Traffic counts since the node started: they restart from zero.
    let without_traffic = |mut list: Vec<Value>| {
        for c in &mut list {
            let c = c.as_object_mut().unwrap();
            for key in ["requests", "paid_requests", "revenue_micros"] {
                assert!(c.remove(key).is_some(), "{key} listed");
            }
        }
        list
    };
    let before = list(&node).await;
    assert_eq!(before[0]["requests"], 2, "{before:?}");
    assert!(node.terminate().await, "clean exit");

    let node = Node::start(root.path(), "cart-restart", None);
    node.ready().await;
    let after = list(&node).await;
    assert_eq!(after[0]["requests"], 0, "{after:?}");
    assert_eq!(
        without_traffic(after),
        without_traffic(before),
        "same cartridges, versions and hashes"
    );
    let (status, prev) = call(&node, "kv/third").await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&prev).unwrap()["path"],
        "/second"
    );
    assert!(
        node.log()
            .contains("cartridge restored slug=kv version=1 cached=true"),
        "restored from the compiled-module cache"
    );
}

#[tokio::test]
async fn admin_routes_refuse_requests_without_the_token() {
    let (_root, node) = offline_node("cart-auth").await;
    assert_eq!(deploy_wat(&node, "a", &constant("one")).await.0, 201);
    assert_eq!(deploy_wat(&node, "a", &constant("two")).await.0, 200);
    let before = list(&node).await;

    let wasm = wat::parse_str(constant("evil")).unwrap();
    let body = json!({ "slug": "a", "wasm_base64": base64::engine::general_purpose::STANDARD.encode(&wasm) });
    let new_slug = json!({ "slug": "b", "wasm_base64": base64::engine::general_purpose::STANDARD.encode(&wasm) });
    let wrong = "0".repeat(64);
    for auth in [None, Some(wrong.as_str()), Some("")] {
        let with = |rb: reqwest::RequestBuilder| match auth {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        };
        let c = client();
        let responses = [
            with(
                c.post(format!("{}/admin/cartridges", node.http))
                    .json(&body),
            )
            .send()
            .await
            .unwrap(),
            with(
                c.post(format!("{}/admin/cartridges", node.http))
                    .json(&new_slug),
            )
            .send()
            .await
            .unwrap(),
            with(c.post(format!("{}/admin/cartridges/a/rollback", node.http)))
                .send()
                .await
                .unwrap(),
            with(c.delete(format!("{}/admin/cartridges/a", node.http)))
                .send()
                .await
                .unwrap(),
        ];
        for resp in responses {
            assert_eq!(resp.status(), 401, "auth {auth:?}");
        }
    }
    // The token in the query or as a raw header does not count either.
    let resp = client()
        .delete(format!(
            "{}/admin/cartridges/a?token={}",
            node.http,
            token(&node)
        ))
        .header("authorization", token(&node))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);

    assert_eq!(list(&node).await, before, "nothing changed");
    assert_eq!(call(&node, "a").await, (200, "two".to_string()));
    assert!(
        !node.log().contains(&token(&node)),
        "the token is never logged"
    );

    assert_eq!(admin(&node, reqwest::Method::DELETE, "a").await, 200);
    assert!(list(&node).await.is_empty());
    assert_eq!(call(&node, "a").await.0, 404);
}

/// Runs `x402-node cartridge <args>` against `node`; returns success and stdout + stderr.
async fn cli(node: &Node, args: &[&str]) -> (bool, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .arg("cartridge")
        .arg("--gateway")
        .arg(&node.http)
        .arg("--token-file")
        .arg(node.data_dir.join("admin.token"))
        .args(args)
        .env_remove("X402_ADMIN_TOKEN")
        .output()
        .await
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[tokio::test]
async fn cli_creates_deploys_lists_and_rolls_back() {
    let (root, node) = offline_node("cart-cli").await;
    let work = root.path().join("work");
    let work_arg = work.to_str().unwrap();

    let (ok, out) = cli(&node, &["new", "demo", "--dir", work_arg]).await;
    assert!(ok, "{out}");
    let lib = work.join("demo/src/lib.rs");
    assert!(lib.is_file() && work.join("demo/Cargo.toml").is_file());
    let (ok, out) = cli(&node, &["new", "demo", "--dir", work_arg]).await;
    assert!(!ok && out.contains("already exists"), "{out}");

    let (ok, out) = cli(
        &node,
        &[
            "deploy",
            "demo",
            work.join("demo").to_str().unwrap(),
            "--price",
            "$0",
        ],
    )
    .await;
    assert!(ok, "{out}");
    assert!(out.contains("deployed demo version 1"), "{out}");
    let (status, body) = call(&node, "demo").await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["cartridge"],
        "demo"
    );

    // Version 2 from a .wasm file, then roll back to the template.
    let wasm = work.join("v2.wasm");
    std::fs::write(&wasm, wat::parse_str(constant("v2")).unwrap()).unwrap();
    let (ok, out) = cli(&node, &["deploy", "demo", wasm.to_str().unwrap()]).await;
    assert!(ok && out.contains("version 2"), "{out}");
    assert_eq!(call(&node, "demo").await, (200, "v2".to_string()));
    let (ok, out) = cli(&node, &["list"]).await;
    assert!(ok && out.contains("demo") && out.contains("$0"), "{out}");
    let (ok, out) = cli(&node, &["rollback", "demo"]).await;
    assert!(ok && out.contains("rolled back demo version 1"), "{out}");
    let (ok, out) = cli(&node, &["rollback", "demo"]).await;
    assert!(
        ok && out.contains("version 2"),
        "rollback restores the rolled-back version: {out}"
    );
    let (ok, out) = cli(&node, &["rollback", "demo"]).await;
    assert!(ok && out.contains("version 1"), "{out}");

    // A wrong token is refused and nothing changes.
    let bad = root.path().join("bad.token");
    std::fs::write(&bad, "0".repeat(64)).unwrap();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args([
            "cartridge",
            "--gateway",
            &node.http,
            "--token-file",
            bad.to_str().unwrap(),
        ])
        .args(["delete", "demo"])
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("401"));
    assert_eq!(list(&node).await[0]["version"], 1);
}

#[tokio::test]
async fn cli_deploys_a_corpus_file_under_its_slug() {
    let (root, node) = offline_node("cart-corpus").await;
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../training_data/cartridges");
    let repo_arg = repo.to_str().unwrap();

    let (ok, out) = cli(
        &node,
        &[
            "deploy",
            "--from-corpus",
            "small/echo",
            "--corpus",
            repo_arg,
            "--price",
            "$0",
        ],
    )
    .await;
    assert!(ok, "{out}");
    assert!(out.contains("deployed echo version 1"), "{out}");
    // The corpus cartridge's own answer to an empty body.
    assert_eq!(call(&node, "echo").await, (400, "empty body".to_string()));
    // By slug alone; the composed cartridge calls the echo deployed above.
    let (ok, out) = cli(
        &node,
        &[
            "deploy",
            "--from-corpus",
            "shout",
            "--corpus",
            repo_arg,
            "--price",
            "$0",
        ],
    )
    .await;
    assert!(ok && out.contains("deployed shout version 1"), "{out}");
    assert_eq!(call(&node, "shout").await, (400, "empty body".to_string()));

    // Unknown and invalid corpus files are refused before anything is sent.
    let (ok, out) = cli(
        &node,
        &["deploy", "--from-corpus", "nope", "--corpus", repo_arg],
    )
    .await;
    assert!(!ok && out.contains("no corpus cartridge \"nope\""), "{out}");
    let bad = root.path().join("corpus");
    std::fs::create_dir_all(bad.join("small")).unwrap();
    std::fs::write(bad.join("small/no-cases.rs"), "//! Says hi.\n#![no_std]\n").unwrap();
    let (ok, out) = cli(
        &node,
        &[
            "deploy",
            "--from-corpus",
            "no-cases",
            "--corpus",
            bad.to_str().unwrap(),
        ],
    )
    .await;
    assert!(!ok && out.contains("no smoke case"), "{out}");
    // A slug and a path cannot be mixed with --from-corpus.
    let (ok, out) = cli(&node, &["deploy", "x", "lib.rs", "--from-corpus", "echo"]).await;
    assert!(!ok && out.contains("cannot be used with"), "{out}");
    let slugs: Vec<Value> = list(&node)
        .await
        .iter()
        .map(|c| c["slug"].clone())
        .collect();
    assert_eq!(slugs, [json!("echo"), json!("shout")]);
}
