//! `x402-node bench payments`: the embedded facilitator and the 402 gateway on a local anvil
//! (Tempo mode), in one run: the unpaid 402 challenge, verification alone (signature + chain
//! reads + settlement simulation) and paid requests end to end (verify, settle on chain through
//! the one transaction queue, serve), with the chain checked afterwards.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use alloy::network::EthereumWallet;
use alloy::primitives::U256;
use alloy::providers::ProviderBuilder;
use alloy::signers::local::PrivateKeySigner;
use anyhow::{Context, ensure};
use axum::Router;
use axum::http::Method;
use axum::routing::get;
use clap::Args;
use futures::StreamExt;
use x402_identity::Chain;
use x402_identity::devchain::DevChain;
use x402_payments::headers;
use x402_payments::onchain::{ITip20Token, PATH_USD, PERMIT2};
use x402_payments::paywall::{self, PaidRoute, Paywall};
use x402_payments::schemes::exact;
use x402_payments::types::{FacilitatorRequest, PaymentPayload, PaymentRequired};
use x402_payments::{Facilitator, FacilitatorConfig, Price};

/// Flags of `x402-node bench payments`.
#[derive(Debug, Clone, Args)]
pub struct BenchPaymentsArgs {
    /// Paid requests (each settles on chain); also the number of verifications and challenges.
    #[arg(long, default_value_t = 1000)]
    pub payments: usize,
    /// Concurrent requests in flight.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Folder for the settlement store (wiped first).
    #[arg(long, default_value = ".bench-payments")]
    pub dir: PathBuf,
}

/// Latencies of one phase.
struct Phase {
    ok: usize,
    failed: usize,
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Phase {
    fn line(&mut self, name: &str) -> String {
        self.latencies.sort_unstable();
        let pct = |p: f64| {
            let i = ((self.latencies.len().max(1) - 1) as f64 * p).round() as usize;
            self.latencies.get(i).copied().unwrap_or_default()
        };
        format!(
            "{name:<22} {:>6} ok {:>4} failed {:>9.0} /s   p50 {:>8.2?}   p99 {:>8.2?}",
            self.ok,
            self.failed,
            self.ok as f64 / self.elapsed.as_secs_f64(),
            pct(0.5),
            pct(0.99)
        )
    }
}

/// Runs `jobs` with `concurrency` in flight; each yields whether it succeeded.
async fn measure<F, Fut>(count: usize, concurrency: usize, job: F) -> Phase
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    let results: Vec<(bool, Duration)> = futures::stream::iter(0..count)
        .map(|i| {
            let fut = job(i);
            async move {
                let t = Instant::now();
                let ok = fut.await;
                (ok, t.elapsed())
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    Phase {
        ok: results.iter().filter(|r| r.0).count(),
        failed: results.iter().filter(|r| !r.0).count(),
        latencies: results.into_iter().map(|r| r.1).collect(),
        elapsed: started.elapsed(),
    }
}

/// A fresh key holding pathUSD on the dev chain.
async fn funded_key(chain: &Chain) -> anyhow::Result<PrivateKeySigner> {
    let key = PrivateKeySigner::random();
    chain.ensure_funded(key.address()).await?;
    Ok(key)
}

/// Runs the benchmark and prints one line per phase.
pub async fn run(args: BenchPaymentsArgs) -> anyhow::Result<()> {
    let _ = std::fs::remove_dir_all(&args.dir);
    std::fs::create_dir_all(&args.dir)?;
    let anvil = DevChain::start(0)
        .await
        .context("starting anvil (run ./scripts/setup)")?;
    let chain = Chain::connect_dev(&anvil.rpc).await?;
    let facilitator_key = funded_key(&chain).await?;
    let payer = funded_key(&chain).await?;
    let merchant = PrivateKeySigner::random().address();
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(payer.clone()))
        .connect_http(anvil.rpc.parse()?);
    let approval = ITip20Token::new(PATH_USD, &provider)
        .approve(PERMIT2, U256::MAX)
        .send()
        .await?
        .get_receipt()
        .await?;
    ensure!(approval.status(), "approving Permit2 reverted");

    let db = sled::open(args.dir.join("db"))?;
    let facilitator = Facilitator::start(
        FacilitatorConfig::new(&anvil.rpc).dev_chain(true),
        facilitator_key,
        db.open_tree("payments")?,
        tokio_util::sync::CancellationToken::new(),
    )
    .await?;
    let price: Price = "$0.001".parse().expect("price");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let paywall = Arc::new(Paywall::new(
        &base,
        vec![PaidRoute::new(Method::GET, "/paid/bench", price)],
    ));
    paywall.set_ready(facilitator.clone(), merchant, "PathUSD".into());
    let app = Router::new().route("/paid/bench", get(|| async { "paid" }));
    let app = app.layer(axum::middleware::from_fn_with_state(
        paywall.clone(),
        paywall::middleware,
    ));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let url = format!("{base}/paid/bench");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;

    // The challenge every client starts from.
    let first = client.get(&url).send().await?;
    ensure!(
        first.status() == 402,
        "unpaid request answered {}",
        first.status()
    );
    let required: PaymentRequired = headers::decode(
        first.headers()[headers::PAYMENT_REQUIRED]
            .to_str()
            .context("PAYMENT-REQUIRED")?,
    )?;
    let req = required.accepts[0].clone();
    let n = args.payments;
    let signed: Vec<PaymentPayload> = (0..n)
        .map(|_| {
            exact::sign(&payer, &req, &Default::default()).map(|payload| PaymentPayload {
                x402_version: 2,
                resource: Some(required.resource.clone()),
                accepted: req.clone(),
                payload,
                extensions: Default::default(),
            })
        })
        .collect::<Result<_, _>>()
        .map_err(anyhow::Error::msg)?;
    let encoded: Vec<String> = signed.iter().map(headers::encode).collect();

    let c = args.concurrency;
    let mut challenge = measure(n, c, |_| {
        let (client, url) = (client.clone(), url.clone());
        async move { matches!(client.get(&url).send().await, Ok(r) if r.status() == 402) }
    })
    .await;
    let mut verify = measure(n, c, |i| {
        let request = FacilitatorRequest {
            x402_version: 2,
            payment_payload: signed[i].clone(),
            payment_requirements: req.clone(),
        };
        let f = facilitator.clone();
        async move { f.verify(&request).await.is_valid }
    })
    .await;
    let merchant_before = chain.balance(merchant).await?;
    let mut paid = measure(n, c, |i| {
        let (client, url, header) = (client.clone(), url.clone(), encoded[i].clone());
        async move {
            matches!(
                client.get(&url).header(headers::PAYMENT_SIGNATURE, header).send().await,
                Ok(r) if r.status() == 200
            )
        }
    })
    .await;
    let moved = chain.balance(merchant).await? - merchant_before;
    let settled = facilitator
        .store()
        .list()?
        .iter()
        .filter(|r| r.state == x402_payments::store::State::Settled)
        .count();

    println!(
        "{n} payments of {price} (exact/Permit2, pathUSD), {c} in flight, anvil (Tempo mode, child process); \
         facilitator, gateway and client in this process, on loopback"
    );
    println!("{}", challenge.line("unpaid 402 challenge"));
    println!("{}", verify.line("verify only"));
    println!("{}", paid.line("paid + settled"));
    println!(
        "on chain: merchant received {moved} units = {} payments; {settled} settled records; \
         {} paid requests refused",
        moved / U256::from(price.units()),
        paid.failed
    );
    ensure!(
        moved == U256::from(price.units()) * U256::from(paid.ok),
        "the chain moved {moved}, expected {} × {}",
        paid.ok,
        price.units()
    );
    server.abort();
    let _ = facilitator;
    drop(db);
    anvil.stop().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_percentiles() {
        let mut p = Phase {
            ok: 100,
            failed: 0,
            latencies: (1..=100).rev().map(Duration::from_millis).collect(),
            elapsed: Duration::from_secs(1),
        };
        let line = p.line("x");
        assert!(line.contains("100 /s"), "{line}");
        // Nearest rank: p50 is the 51st of 100 (index round(49.5)), p99 the 99th.
        assert!(line.contains("p50  51.00ms"), "{line}");
        assert!(line.contains("p99  99.00ms"), "{line}");
    }
}
