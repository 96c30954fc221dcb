//! `x402-node bench cartridge`: calls per second through the node's real cartridge routes vs a
//! plain axum handler returning the same bytes, served by one loopback server, measured by the
//! same HTTP client in the same run.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::Router;
use axum::http::header;
use axum::routing::get;
use clap::Args;
use x402_cartridge::{CartridgeConfig, Cartridges, DeploySource};

use crate::admin::AdminToken;

/// Flags of `x402-node bench cartridge`.
#[derive(Debug, Clone, Args)]
pub struct BenchCartridgeArgs {
    /// Seconds of load per target.
    #[arg(long, default_value_t = 5)]
    pub seconds: u64,
    /// Concurrent client connections.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Folder for the bench's data dir (wiped first).
    #[arg(long, default_value = ".bench-cartridge")]
    pub dir: PathBuf,
}

/// The trivial cartridge: answers `ok`; its `x402_alloc` is a static arena like the template's.
const TRIVIAL: &str = r#"#![no_std]
#[link(wasm_import_module = "x402")]
extern "C" {
    fn response(status: i32, body_ptr: *const u8, body_len: i32, ct_ptr: *const u8, ct_len: i32);
}
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! { core::arch::wasm32::unreachable() }
static mut ARENA: [u8; 65536] = [0; 65536];
static mut USED: usize = 0;
#[no_mangle]
pub extern "C" fn x402_alloc(size: i32) -> i32 {
    unsafe {
        let start = (USED + 7) & !7;
        if start + size as usize > 65536 { core::arch::wasm32::unreachable() }
        USED = start + size as usize;
        (core::ptr::addr_of_mut!(ARENA) as *mut u8).add(start) as i32
    }
}
#[no_mangle]
pub extern "C" fn x402_handle(_ptr: i32, _len: i32) {
    let body = b"ok";
    let ct = b"text/plain";
    unsafe { response(200, body.as_ptr(), 2, ct.as_ptr(), ct.len() as i32) }
}
"#;

struct Stats {
    calls: u64,
    failures: u64,
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Stats {
    fn per_second(&self) -> f64 {
        self.calls as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&mut self, p: f64) -> Duration {
        self.latencies.sort_unstable();
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies.get(i).copied().unwrap_or_default()
    }
}

/// Runs the benchmark and prints one line per target.
pub async fn run(args: BenchCartridgeArgs) -> anyhow::Result<()> {
    let _ = std::fs::remove_dir_all(&args.dir);
    std::fs::create_dir_all(&args.dir)?;
    let db = sled::open(args.dir.join("db"))?;
    let config = CartridgeConfig::new(&args.dir).max_concurrency(args.concurrency.max(2));
    let cartridges = {
        let db = db.clone();
        tokio::task::spawn_blocking(move || Cartridges::open(&db, config)).await??
    };
    let started = Instant::now();
    cartridges
        .deploy("bench", DeploySource::Rust(TRIVIAL.into()), Some("$0"))
        .await
        .context(
            "compiling the bench cartridge (needs cargo and the wasm32-unknown-unknown target)",
        )?;
    println!(
        "compiled and deployed the trivial cartridge in {:?}",
        started.elapsed()
    );

    let token = Arc::new(AdminToken::load_or_create(&args.dir.join("admin.token"))?);
    let app = Router::new()
        .route(
            "/plain",
            get(|| async { ([(header::CONTENT_TYPE, "text/plain")], "ok") }),
        )
        .merge(crate::cartridges::router(cartridges, token));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let seconds = Duration::from_secs(args.seconds);
    // Warm up both paths, then measure each in turn.
    load(
        &client,
        &format!("{base}/plain"),
        args.concurrency,
        Duration::from_millis(500),
    )
    .await;
    load(
        &client,
        &format!("{base}/c/bench"),
        args.concurrency,
        Duration::from_millis(500),
    )
    .await;
    let mut plain = load(&client, &format!("{base}/plain"), args.concurrency, seconds).await;
    let mut cart = load(
        &client,
        &format!("{base}/c/bench"),
        args.concurrency,
        seconds,
    )
    .await;
    println!(
        "{} connections, {} s each, loopback, client and server sharing the machine",
        args.concurrency, args.seconds
    );
    for (name, stats) in [
        ("plain axum handler", &mut plain),
        ("GET /c/bench (wasm)", &mut cart),
    ] {
        println!(
            "{name:<22} {:>9.0} calls/s  p50 {:>7.1} µs  p99 {:>7.1} µs  failures {}",
            stats.per_second(),
            stats.percentile(0.5).as_secs_f64() * 1e6,
            stats.percentile(0.99).as_secs_f64() * 1e6,
            stats.failures,
        );
    }
    println!(
        "cartridge / plain = {:.0} %",
        100.0 * cart.per_second() / plain.per_second()
    );
    server.abort();
    drop(db);
    let _ = std::fs::remove_dir_all(&args.dir);
    Ok(())
}

async fn load(
    client: &reqwest::Client,
    url: &str,
    concurrency: usize,
    duration: Duration,
) -> Stats {
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, url, stop) = (client.clone(), url.to_string(), stop.clone());
            tokio::spawn(async move {
                let (mut latencies, mut failures) = (Vec::new(), 0u64);
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let ok = match client.get(&url).send().await {
                        Ok(r) => {
                            r.status().is_success()
                                && r.bytes().await.is_ok_and(|b| &b[..] == b"ok")
                        }
                        Err(_) => false,
                    };
                    if ok {
                        latencies.push(t.elapsed());
                    } else {
                        failures += 1;
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut stats = Stats {
        calls: 0,
        failures: 0,
        latencies: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for w in workers {
        if let Ok((latencies, failures)) = w.await {
            stats.calls += latencies.len() as u64;
            stats.failures += failures;
            stats.latencies.extend(latencies);
        }
    }
    stats.elapsed = started.elapsed();
    stats
}
