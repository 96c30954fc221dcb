//! The identity task: connect to the chain, unlock the wallet, fund it, register the node,
//! keep its card current and discover the other nodes from the registry.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use alloy::primitives::Address;
use libp2p::identity::Keypair;
use libp2p::{Multiaddr, PeerId};
use serde::Serialize;
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;

use crate::card::{AgentCard, CardInput};
use crate::chain::{Chain, ChainKind};
use crate::registry::{RegisteredPeer, Registry};
use crate::wallet::{INSECURE_DEV_PASSWORD, Wallets};

/// Configuration of the identity task (builder style).
#[derive(Clone)]
pub struct IdentityConfig {
    chain_rpc: String,
    identity_registry: Option<Address>,
    keystore_dir: PathBuf,
    password: Option<String>,
    key_file: Option<PathBuf>,
    libp2p_key: Keypair,
    name: String,
    gateway: Option<String>,
    scan_interval: Duration,
    dev_chain: bool,
}

impl IdentityConfig {
    /// Identity on `chain_rpc`, keystores in `keystore_dir`, bound to `libp2p_key`.
    pub fn new(chain_rpc: impl Into<String>, keystore_dir: PathBuf, libp2p_key: Keypair) -> Self {
        IdentityConfig {
            chain_rpc: chain_rpc.into(),
            identity_registry: None,
            keystore_dir,
            password: None,
            key_file: None,
            libp2p_key,
            name: "x402-node".into(),
            gateway: None,
            scan_interval: Duration::from_secs(5),
            dev_chain: false,
        }
    }

    /// Treats the chain as a dev chain (the operator said so): anvil funding, deterministic
    /// registry, and the insecure keystore password when none is given.
    pub fn dev_chain(mut self, dev: bool) -> Self {
        self.dev_chain = dev;
        self
    }

    /// Uses this registry instead of the chain profile's.
    pub fn identity_registry(mut self, registry: Option<Address>) -> Self {
        self.identity_registry = registry;
        self
    }

    /// Keystore password (required on non-dev chains).
    pub fn password(mut self, password: Option<String>) -> Self {
        self.password = password;
        self
    }

    /// Operator-provided wallet key file.
    pub fn key_file(mut self, key_file: Option<PathBuf>) -> Self {
        self.key_file = key_file;
        self
    }

    /// Node name and gateway URL for the card.
    pub fn card(mut self, name: impl Into<String>, gateway: Option<String>) -> Self {
        self.name = name.into();
        self.gateway = gateway;
        self
    }

    /// How often the registry is scanned.
    pub fn scan_interval(mut self, interval: Duration) -> Self {
        self.scan_interval = interval;
        self
    }
}

/// Connection state of the chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainStatus {
    /// RPC URL, scheme and host only ([`crate::public_url`]: never credentials or keys).
    pub rpc: String,
    /// `connecting`, `connected`, `unreachable` or `error`.
    pub status: &'static str,
    /// Last error, if any.
    pub error: Option<String>,
    /// Chain id once connected.
    pub chain_id: Option<u64>,
    /// Kind once connected.
    pub kind: Option<ChainKind>,
    /// Identity registry in use.
    pub registry: Option<String>,
}

/// On-chain identity of a peer.
#[derive(Debug, Clone, Serialize)]
pub struct PeerIdentity {
    /// Agent id.
    pub agent_id: u64,
    /// Owner wallet.
    pub wallet: String,
}

/// What the identity task knows, for `/swarm/status`.
#[derive(Debug, Clone, Serialize)]
pub struct IdentityStatus {
    /// Chain state.
    pub chain: ChainStatus,
    /// Wallet address.
    pub wallet: Option<String>,
    /// Facilitator address.
    pub facilitator: Option<String>,
    /// This node's agent id.
    pub agent_id: Option<u64>,
    /// This node's current card.
    pub card: Option<AgentCard>,
    /// Registered peers by peer id.
    pub peers: BTreeMap<String, PeerIdentity>,
    /// Cards rejected so far (forged, malformed, wrong owner).
    pub cards_rejected: u64,
}

/// A peer to dial, found in the registry.
pub type FoundPeer = (PeerId, Vec<Multiaddr>);

/// Supplies this node's current libp2p listen addresses.
pub type ListenAddrs = Arc<dyn Fn() -> Vec<String> + Send + Sync>;

/// Starts the identity task. `found` receives registered peers to dial. The task stops when
/// `shutdown` is cancelled: between steps (a registration or card update in progress finishes,
/// so what it sent on chain is recorded), or at once while it waits for the chain.
pub fn spawn(
    config: IdentityConfig,
    db: sled::Tree,
    listen_addrs: ListenAddrs,
    found: mpsc::Sender<FoundPeer>,
    shutdown: CancellationToken,
) -> (
    watch::Receiver<Arc<IdentityStatus>>,
    tokio::task::JoinHandle<()>,
) {
    let status = IdentityStatus {
        chain: ChainStatus {
            rpc: crate::chain::public_url(&config.chain_rpc),
            status: "connecting",
            error: None,
            chain_id: None,
            kind: None,
            registry: None,
        },
        wallet: None,
        facilitator: None,
        agent_id: None,
        card: None,
        peers: BTreeMap::new(),
        cards_rejected: 0,
    };
    let (tx, rx) = watch::channel(Arc::new(status));
    let task = tokio::spawn(async move {
        let task = Task {
            config,
            db,
            listen_addrs,
            found,
            status: tx,
        };
        // Connecting and unlocking are abandoned on shutdown; the discovery loop stops between
        // steps on its own.
        if let Some((chain, wallets)) = shutdown.run_until_cancelled(start(&task)).await.flatten() {
            run_steps(&task, &chain, &wallets, &shutdown).await;
        }
        if let Err(e) = task.db.flush_async().await {
            tracing::warn!(error = %e, "flushing the identity tree");
        }
    });
    (rx, task)
}

struct Task {
    config: IdentityConfig,
    db: sled::Tree,
    listen_addrs: ListenAddrs,
    found: mpsc::Sender<FoundPeer>,
    status: watch::Sender<Arc<IdentityStatus>>,
}

impl Task {
    fn update(&self, f: impl FnOnce(&mut IdentityStatus)) {
        self.status.send_modify(|s| f(Arc::make_mut(s)));
    }

    fn fail(&self, state: &'static str, error: String) {
        tracing::warn!(status = state, %error, rpc = %crate::chain::public_url(&self.config.chain_rpc), "chain identity");
        self.update(|s| {
            s.chain.status = state;
            s.chain.error = Some(error);
        });
    }
}

/// Connects to the chain (retrying) and unlocks the wallets; `None` when that failed for good.
async fn start(task: &Task) -> Option<(Chain, Wallets)> {
    let mut backoff = Duration::from_secs(1);
    // Connect (keeps retrying: the p2p side runs meanwhile).
    let chain = loop {
        match Chain::open(&task.config.chain_rpc, task.config.dev_chain).await {
            Ok(c) => break c,
            Err(e) => {
                task.fail("unreachable", report(&e));
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
        }
    };
    task.update(|s| {
        s.chain.status = "connected";
        s.chain.error = None;
        s.chain.chain_id = Some(chain.chain_id);
        s.chain.kind = Some(chain.kind);
    });
    tracing::info!(chain_id = chain.chain_id, kind = ?chain.kind, rpc = %crate::chain::public_url(&chain.rpc), "chain connected");

    let password = match (&task.config.password, chain.kind) {
        (Some(p), _) => p.clone(),
        (None, ChainKind::Dev) => {
            tracing::warn!(
                "!!! no wallet password given: using the INSECURE development password for the \
                 keystores (fine on a local dev chain, never on a real one; set X402_WALLET_PASSWORD) !!!"
            );
            INSECURE_DEV_PASSWORD.to_string()
        }
        (None, _) => {
            task.fail(
                "error",
                "a wallet password is required on this chain: set X402_WALLET_PASSWORD or --wallet-password-file".into(),
            );
            return None;
        }
    };
    let (dir, key_file) = (
        task.config.keystore_dir.clone(),
        task.config.key_file.clone(),
    );
    let wallets = match tokio::task::spawn_blocking(move || {
        Wallets::load_or_create(&dir, &password, key_file.as_deref())
    })
    .await
    {
        Ok(Ok(w)) => w,
        Ok(Err(e)) => {
            task.fail("error", report(&e));
            return None;
        }
        Err(e) => {
            task.fail("error", report(&e));
            return None;
        }
    };
    tracing::info!(wallet = %wallets.wallet.address(), facilitator = %wallets.facilitator.address(), "wallet unlocked");
    task.update(|s| {
        s.wallet = Some(wallets.wallet.address().to_string());
        s.facilitator = Some(wallets.facilitator.address().to_string());
    });
    Some((chain, wallets))
}

/// Funds, registers, keeps the card current and discovers peers, one step per scan interval,
/// until `shutdown` is cancelled (each step is retried until it succeeds).
async fn run_steps(task: &Task, chain: &Chain, wallets: &Wallets, shutdown: &CancellationToken) {
    let mut registry = None;
    let mut agent_id = None;
    let mut published_card: Option<String> = None;
    let mut ticker = tokio::time::interval(task.config.scan_interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = ticker.tick() => {}
        }
        if let Err(e) = step(
            task,
            chain,
            wallets,
            &mut registry,
            &mut agent_id,
            &mut published_card,
        )
        .await
        {
            task.fail("error", e);
        } else {
            task.update(|s| {
                s.chain.status = "connected";
                s.chain.error = None;
            });
        }
    }
}

fn key(prefix: &str, chain: &Chain, registry: Address) -> String {
    format!("{prefix}:{}:{registry}", chain.chain_id)
}

async fn step(
    task: &Task,
    chain: &Chain,
    wallets: &Wallets,
    registry: &mut Option<Registry>,
    agent_id: &mut Option<u64>,
    published: &mut Option<String>,
) -> Result<(), String> {
    for who in [wallets.wallet.address(), wallets.facilitator.address()] {
        if chain.ensure_funded(who).await.map_err(|e| report(&e))? {
            tracing::info!(%who, "funded with pathUSD");
        }
    }
    if registry.is_none() {
        let address = chain
            .identity_registry(task.config.identity_registry)
            .await
            .map_err(|e| report(&e))?;
        task.update(|s| s.chain.registry = Some(address.to_string()));
        *registry = Some(Registry::new(chain.clone(), address));
    }
    let reg = registry.as_ref().expect("set above");
    let agent_key = key("agent", chain, reg.address());
    if agent_id.is_none() {
        let known = task
            .db
            .get(&agent_key)
            .ok()
            .flatten()
            .and_then(|v| serde_json::from_slice::<u64>(&v).ok());
        let id = match reg
            .find_agent(wallets.wallet.address(), known)
            .await
            .map_err(|e| report(&e))?
        {
            Some(id) => id,
            None => {
                let id = reg.register(wallets).await.map_err(|e| report(&e))?;
                tracing::info!(agent_id = id, registry = %reg.address(), "registered as ERC-8004 agent");
                id
            }
        };
        task.db
            .insert(&agent_key, serde_json::to_vec(&id).expect("u64"))
            .and_then(|_| task.db.flush())
            .map_err(|e| report(&e))?;
        *agent_id = Some(id);
        task.update(|s| s.agent_id = Some(id));
    }
    let id = agent_id.expect("set above");

    // Keep the card current (addresses change on restart).
    let mut addrs: Vec<String> = (task.listen_addrs)();
    addrs.sort();
    if !addrs.is_empty() {
        let card = AgentCard::build(
            &CardInput {
                name: &task.config.name,
                gateway: task.config.gateway.as_deref(),
                multiaddrs: addrs,
                chain_id: chain.chain_id,
                registry: reg.address(),
                agent_id: id,
                wallet: wallets.wallet.address(),
            },
            &task.config.libp2p_key,
        );
        let uri = card.to_data_uri();
        if published.as_deref() != Some(uri.as_str()) {
            let on_chain = reg.token_uri(id).await.map_err(|e| report(&e))?;
            if on_chain != uri {
                reg.set_uri(wallets, id, uri.clone())
                    .await
                    .map_err(|e| report(&e))?;
                tracing::info!(
                    agent_id = id,
                    bytes = uri.len(),
                    "registration file updated on chain"
                );
            }
            *published = Some(uri);
            task.update(|s| s.card = Some(card));
        }
    }

    discover(task, chain, reg).await
}

async fn discover(task: &Task, chain: &Chain, reg: &Registry) -> Result<(), String> {
    let cursor_key = key("cursor", chain, reg.address());
    let peers_key = key("peers", chain, reg.address());
    let cursor = task
        .db
        .get(&cursor_key)
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_slice::<u64>(&v).ok());
    let mut known: BTreeMap<u64, RegisteredPeer> = task
        .db
        .get(&peers_key)
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_slice(&v).ok())
        .unwrap_or_default();
    let (valid, rejected, latest) = reg.scan(cursor).await.map_err(|e| report(&e))?;
    for r in &rejected {
        tracing::warn!(agent_id = r.agent_id, error = %r.error, "rejected registry card");
        known.remove(&r.agent_id);
    }
    for p in valid {
        known.insert(p.agent_id, p);
    }
    task.db
        .insert(
            &peers_key,
            serde_json::to_vec(&known).expect("peers serialize"),
        )
        .and_then(|_| {
            task.db
                .insert(&cursor_key, serde_json::to_vec(&latest).expect("u64"))
        })
        .and_then(|_| task.db.flush())
        .map_err(|e| report(&e))?;

    let me = task.config.libp2p_key.public().to_peer_id();
    let mut by_peer = BTreeMap::new();
    for p in known.values() {
        let Some(peer) = p.peer_id() else { continue };
        by_peer.insert(
            peer.to_base58(),
            PeerIdentity {
                agent_id: p.agent_id,
                wallet: p.wallet.to_string(),
            },
        );
        if peer != me {
            let _ = task.found.try_send((peer, p.card.multiaddrs()));
        }
    }
    task.update(|s| {
        s.peers = by_peer;
        s.cards_rejected += rejected.len() as u64;
    });
    Ok(())
}

/// `error: cause: cause…`: how an error reaches the status (`chain.error`), rendered once here.
fn report(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
