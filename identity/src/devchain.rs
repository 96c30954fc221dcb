//! A local Tempo replica: anvil in Tempo mode (`--network tempo --hardfork T2`) on chain id
//! [`DEV_CHAIN_ID`] (not Moderato's: signatures made for it cannot be replayed there).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::chain::DEV_CHAIN_ID;

/// Errors starting anvil.
#[derive(Debug, thiserror::Error)]
pub enum DevChainError {
    /// Binary not found.
    #[error(
        "anvil not found: run ./scripts/setup (installs it under contracts/node_modules), put it on PATH or set X402_ANVIL"
    )]
    NotFound,
    /// Could not start or did not report its address.
    #[error("anvil failed to start: {0}")]
    Start(String),
}

/// A running anvil; killed when dropped.
pub struct DevChain {
    child: Child,
    /// JSON-RPC URL on loopback.
    pub rpc: String,
}

/// Finds the anvil binary: `X402_ANVIL`, the repo's `contracts/node_modules/.bin/anvil` (next to
/// the running executable, or in the checkout this was built from), or `anvil` on `PATH`.
pub fn find_anvil() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("X402_ANVIL") {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    for dir in exe.ancestors().skip(1) {
        let candidate = dir.join("contracts/node_modules/.bin/anvil");
        if candidate.exists() {
            return Some(candidate);
        }
    }
    // The checkout this crate was built from (covers target dirs outside the clone).
    let built_from = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../contracts/node_modules/.bin/anvil"
    ));
    if built_from.exists() {
        return Some(built_from);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("anvil"))
        .find(|p| p.exists())
}

impl DevChain {
    /// Starts anvil on `127.0.0.1:port` (0 = any free port) and waits until it listens.
    pub async fn start(port: u16) -> Result<DevChain, DevChainError> {
        let bin = find_anvil().ok_or(DevChainError::NotFound)?;
        let mut child = Command::new(&bin)
            .args([
                "--network",
                "tempo",
                "--hardfork",
                "T2",
                "--chain-id",
                &DEV_CHAIN_ID.to_string(),
            ])
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| DevChainError::Start(format!("{}: {e}", bin.display())))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let rpc = tokio::time::timeout(Duration::from_secs(30), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(addr) = line.trim().strip_prefix("Listening on ") {
                    return Some(format!("http://{}", addr.trim()));
                }
            }
            None
        })
        .await
        .ok()
        .flatten()
        .ok_or_else(|| DevChainError::Start("no \"Listening on\" line within 30 s".into()))?;
        // Keep draining stdout so anvil never blocks on a full pipe.
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                tracing::trace!(target: "anvil", "{line}");
            }
        });
        tracing::info!(%rpc, "local Tempo chain (anvil) started");
        Ok(DevChain { child, rpc })
    }

    /// Stops anvil.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
