//! Wiring of the on-chain identity task to the network.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use libp2p::PeerId;
use libp2p::identity::Keypair;
use tokio::sync::{mpsc, watch};
use x402_identity::IdentityStatus;
use x402_identity::service::{self, IdentityConfig};
use x402_p2p::NetworkHandle;

use crate::cli::RunArgs;
use crate::tasks::Tasks;

/// The keystore password: `--wallet-password-file`, else `X402_WALLET_PASSWORD`, else none (the
/// identity task then decides by chain kind).
pub fn wallet_password(args: &RunArgs) -> anyhow::Result<Option<String>> {
    Ok(match &args.wallet_password_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?
                .trim_end_matches(['\n', '\r'])
                .to_string(),
        ),
        None => std::env::var("X402_WALLET_PASSWORD").ok(),
    })
}

/// The identity task's configuration from the flags.
pub fn config(
    args: &RunArgs,
    rpc: String,
    key: Keypair,
    name: String,
    gateway: String,
) -> anyhow::Result<IdentityConfig> {
    let password = wallet_password(args)?;
    Ok(
        IdentityConfig::new(rpc, args.data_dir.join("keystore"), key)
            .identity_registry(args.identity_registry)
            .password(password)
            .key_file(args.wallet_key_file.clone())
            .card(name, Some(gateway))
            .scan_interval(Duration::from_secs(2))
            .dev_chain(args.dev_chain || args.chain_is_dev),
    )
}

/// Starts the identity task on `tasks`: registered peers found on chain are dialed; with
/// `--require-registration`, gossip is admitted only from registered peers. Everything stops
/// with the tasks' token (the dialer and the admission loop end with the identity task).
pub fn start(
    args: &RunArgs,
    config: IdentityConfig,
    tree: sled::Tree,
    network: &NetworkHandle,
    tasks: &mut Tasks,
) -> watch::Receiver<Arc<IdentityStatus>> {
    let view = network.watch_view();
    let listen_addrs: service::ListenAddrs = Arc::new(move || {
        view.borrow()
            .listen_addrs
            .iter()
            .map(|a| match a.rfind("/p2p/") {
                Some(i) => a[..i].to_string(),
                None => a.clone(),
            })
            .collect()
    });
    let (found_tx, mut found_rx) = mpsc::channel(256);
    let (status, task) = service::spawn(config, tree, listen_addrs, found_tx, tasks.token());
    tasks.adopt("identity", task);

    let dialer = network.clone();
    tasks.spawn("identity-dialer", async move {
        // Ends when the identity task (the sender) has stopped.
        while let Some((peer, addrs)) = found_rx.recv().await {
            if let Err(e) = dialer.add_peer(peer, addrs) {
                tracing::debug!(%peer, error = %e, "registry peer not added");
            }
        }
    });

    if args.require_registration {
        let network = network.clone();
        let mut status = status.clone();
        let me = network.local_peer_id();
        tasks.spawn("identity-admission", async move {
            // Ends when the identity task (the status sender) or the network has stopped.
            loop {
                let admitted: HashSet<PeerId> = status
                    .borrow_and_update()
                    .peers
                    .keys()
                    .filter_map(|p| p.parse().ok())
                    .chain([me])
                    .collect();
                if network.admit_only(Some(admitted)).await.is_err()
                    || status.changed().await.is_err()
                {
                    break;
                }
            }
        });
    }
    status
}
