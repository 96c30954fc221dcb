//! `x402-node`: one binary, a full peer of the tempo-x402 swarm.

mod admin;
mod bench;
mod blobs_cli;
mod cartridge_bench;
mod cartridge_cli;
mod cartridge_pricing;
mod cartridges;
mod cli;
mod dashboard;
mod devnet;
mod gateway;
mod gateway_bench;
mod http;
mod identity;
mod iq;
mod iq_bench;
mod llm;
mod local_swarm;
mod models_bench;
mod pay_cli;
mod payments;
mod payments_bench;
mod run;
mod soul;
mod soul_agent;
mod soul_bench;
mod soul_wallet;
mod status;
mod subscribe;
mod tasks;
mod train;
mod verify_corpus;
mod weights;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command};

fn main() -> anyhow::Result<()> {
    // candle's element-wise thread pool busy-waits when the cores are shared (measured: backward
    // 3.1 s -> 1.7 s per step of the unified model with one thread); matrix products still use
    // every core through gemm. Set before any thread exists.
    if std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        // SAFETY: single-threaded here; the tokio runtime is started below.
        unsafe { std::env::set_var("CANDLE_NUM_THREADS", "1") };
    }
    raise_open_files_limit();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(Cli::parse()))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match cli.command {
        None => run::run(cli.run).await,
        Some(Command::Run(args)) => run::run(*args).await,
        Some(Command::Devnet(args)) => devnet::run(args).await,
        Some(Command::Subscribe(args)) => subscribe::run(args).await,
        Some(Command::Status(args)) => status::run(args).await,
        Some(Command::Bench(cli::BenchCommand::Swarm(args))) => bench::swarm(args).await,
        Some(Command::Bench(cli::BenchCommand::Cartridge(args))) => {
            cartridge_bench::run(args).await
        }
        Some(Command::Bench(cli::BenchCommand::Payments(args))) => payments_bench::run(args).await,
        Some(Command::Cartridge(args)) => cartridge_cli::run(args).await,
        Some(Command::Pay(args)) => pay_cli::run(args).await,
        Some(Command::Blobs(args)) => blobs_cli::run(args).await,
        Some(Command::Train(args)) => train::run(args),
        Some(Command::Soul(args)) => soul_agent::cli::run(args).await,
        Some(Command::Bench(cli::BenchCommand::Models(args))) => models_bench::run(args).await,
        Some(Command::Bench(cli::BenchCommand::Gateway(args))) => gateway_bench::run(args).await,
        Some(Command::Bench(cli::BenchCommand::Iq(args))) => iq_bench::run(args).await,
        Some(Command::Bench(cli::BenchCommand::Llm(args))) => llm::bench(args).await,
    }
}

/// Raises the soft limit of open files to the hard limit: a gateway holds one descriptor per
/// client connection, and the usual soft limit of 1,024 would be the first thing to run out.
fn raise_open_files_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE)
        && soft < hard
        && let Err(e) = setrlimit(Resource::RLIMIT_NOFILE, hard, hard)
    {
        eprintln!("cannot raise the open files limit from {soft} to {hard}: {e}");
    }
}
