//! Engine benchmarks: instantiation, a full request with ~1 KiB of JSON, loading a compiled
//! module from the on-disk cache. Prints p50/p99 from per-iteration samples, then criterion's
//! estimates. Run: `cargo bench -p x402-cartridge --bench engine`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use x402_cartridge::{CartridgeConfig, CartridgeRequest, Cartridges, DeploySource};

/// Echo cartridge with a bump `x402_alloc`, like a typical Rust guest.
const ECHO: &str = r#"(module
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (func (export "x402_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $next))
    (global.set $next (i32.add (local.get $p) (local.get $n)))
    (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.add (i32.shr_u (local.get $n) (i32.const 16)) (i32.const 1))))))
    (local.get $p))
  (func (export "x402_handle") (param $p i32) (param $l i32)
    (call $response (i32.const 200) (local.get $p) (local.get $l) (i32.const 0) (i32.const 0))))"#;

struct Fixture {
    _dir: tempfile::TempDir,
    _db: sled::Db,
    svc: Cartridges,
    echo_wasm: Vec<u8>,
    template_wasm: Vec<u8>,
    request: CartridgeRequest,
    runtime: tokio::runtime::Runtime,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("create a temp dir");
    let db = sled::open(dir.path().join("db")).expect("open sled");
    let svc = Cartridges::open(&db, CartridgeConfig::new(dir.path()))
        .expect("open the cartridge service");
    let runtime = tokio::runtime::Runtime::new().expect("start a tokio runtime");
    let echo_wasm = wat::parse_str(ECHO).expect("ECHO is valid WAT");
    runtime
        .block_on(svc.deploy("echo", DeploySource::Wasm(echo_wasm.clone()), None))
        .expect("deploy the echo cartridge");
    let source = x402_cartridge::template::lib_rs("tpl");
    runtime
        .block_on(svc.deploy("tpl", DeploySource::Rust(source), None))
        .expect("compiling the template needs cargo and wasm32-unknown-unknown");
    let template_wasm = svc.wasm("tpl").expect("the template is deployed");
    let mut request = CartridgeRequest {
        method: "POST".into(),
        path: "/api/items?page=2".into(),
        body: String::new(),
        ..Default::default()
    };
    request
        .headers
        .insert("content-type".into(), "application/json".into());
    let items: Vec<_> = (0..14)
        .map(|i| format!(r#"{{"id":{i},"name":"item-{i}","tags":["a","b"],"price":0.25}}"#))
        .collect();
    request.body = format!(r#"{{"items":[{}]}}"#, items.join(","));
    let size = serde_json::to_vec(&request)
        .expect("a request serializes")
        .len();
    assert!((900..1300).contains(&size), "request is {size} bytes");
    Fixture {
        _dir: dir,
        _db: db,
        svc,
        echo_wasm,
        template_wasm,
        request,
        runtime,
    }
}

fn percentiles(name: &str, n: usize, mut f: impl FnMut()) {
    for _ in 0..n / 10 {
        f();
    }
    let mut samples: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    samples.sort_unstable();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e6;
    println!(
        "{name:<44} p50 {:>8.2} µs  p99 {:>8.2} µs  ({n} samples)",
        at(0.5),
        at(0.99)
    );
}

fn benches(c: &mut Criterion) {
    let fx = fixture();
    let engine = fx.svc.engine().clone();
    let echo = engine
        .load(&fx.echo_wasm, "echo")
        .expect("load the cached module");
    assert!(echo.from_cache());
    println!(
        "pooling allocator: {}, echo module {} B, template module {} B",
        engine.is_pooled(),
        fx.echo_wasm.len(),
        fx.template_wasm.len()
    );

    percentiles("instantiate (store + instance + drop)", 20_000, || {
        black_box(echo.instantiate_probe().expect("instantiate"));
    });
    percentiles("request, 1 KiB JSON, echo (sync)", 20_000, || {
        black_box(
            fx.svc
                .handle_sync("echo", &fx.request)
                .expect("the cartridge answers"),
        );
    });
    percentiles("request, 1 KiB JSON, template + KV write", 5_000, || {
        black_box(
            fx.svc
                .handle_sync("tpl", &fx.request)
                .expect("the cartridge answers"),
        );
    });
    percentiles("request, 1 KiB JSON, echo (async, pool)", 5_000, || {
        black_box(
            fx.runtime
                .block_on(fx.svc.handle("echo", fx.request.clone()))
                .expect("the cartridge answers"),
        );
    });
    percentiles("cached module load (echo)", 500, || {
        black_box(
            engine
                .load(&fx.echo_wasm, "echo")
                .expect("load the cached module"),
        );
    });
    percentiles("cached module load (template)", 500, || {
        black_box(
            engine
                .load(&fx.template_wasm, "tpl")
                .expect("load the cached module"),
        );
    });

    c.bench_function("instantiate", |b| {
        b.iter(|| echo.instantiate_probe().expect("instantiate"))
    });
    c.bench_function("request_1k_json_echo", |b| {
        b.iter(|| {
            fx.svc
                .handle_sync("echo", &fx.request)
                .expect("the cartridge answers")
        })
    });
    c.bench_function("request_1k_json_template_kv", |b| {
        b.iter(|| {
            fx.svc
                .handle_sync("tpl", &fx.request)
                .expect("the cartridge answers")
        })
    });
    c.bench_function("cached_module_load", |b| {
        b.iter(|| {
            engine
                .load(&fx.echo_wasm, "echo")
                .expect("load the cached module")
        })
    });
}

criterion_group! {
    name = engine;
    config = Criterion::default()
        .sample_size(50)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(engine);
