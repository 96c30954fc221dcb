//! `x402-node run`: wires the network, the cognitive loop and the gateway together.
//!
//! Shutdown (Ctrl-C or SIGTERM) is one path: the [`Tasks`] token is cancelled, every part of
//! the node stops at its next safe point (the gateway lets open requests finish, federation ends
//! its step, the facilitator sends what it queued), `run` joins every task it spawned within
//! [`SHUTDOWN_DEADLINE`] and flushes the database.

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use anyhow::Context;
use prometheus_client::registry::Registry;
use x402_p2p::network::Participation;
use x402_p2p::{Network, NetworkConfig, keys};

use crate::cli::RunArgs;
use crate::gateway::{self, Gateway};
use crate::identity;
use crate::soul::{self, SoulMetrics, SoulState};
use crate::tasks::Tasks;
use x402_identity::devchain::DevChain;

/// How long `run` waits for its tasks after the shutdown signal; later ones are named in the
/// log and dropped.
const SHUTDOWN_DEADLINE: std::time::Duration = std::time::Duration::from_secs(4);

/// Runs a node until Ctrl-C or SIGTERM.
pub async fn run(args: RunArgs) -> anyhow::Result<()> {
    args.llm_provider.check(&args.llm)?;
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("cannot create data dir {}", args.data_dir.display()))?;
    restrict_permissions(&args.data_dir);
    let mut tasks = Tasks::default();
    // The signal handlers are installed now: a signal during start-up stops the node once it
    // has started, like one later.
    let token = tasks.token();
    tasks.spawn("signals", async move {
        tokio::select! {
            _ = shutdown_signal() => token.cancel(),
            _ = token.cancelled() => {}
        }
    });
    let keypair = keys::load_or_create(&args.data_dir.join("node.key"))?;
    let identity_key = keypair.clone();
    let weights_key = keypair.clone();
    let peer_id = keypair.public().to_peer_id();
    let db = sled::open(args.data_dir.join("db"))
        .with_context(|| format!("cannot open sled database in {}", args.data_dir.display()))?;
    let (cartridges, admin_token) = crate::cartridges::open(&args.data_dir, &db).await?;
    let name = args.name.clone().unwrap_or_else(|| {
        let id = peer_id.to_base58();
        format!("node-{}", &id[id.len() - 6..])
    });

    // Bind HTTP first: a port conflict fails before joining the swarm.
    let listener = tokio::net::TcpListener::bind(args.http)
        .await
        .with_context(|| format!("cannot bind the gateway on {}", args.http))?;
    let http_addr = listener.local_addr()?;
    let gateway_url = args
        .gateway_url
        .clone()
        .unwrap_or_else(|| announced_url(http_addr));
    let routes = crate::payments::load_routes(&args.data_dir, args.paid_routes.as_deref())?;
    let pricer = crate::cartridge_pricing::CartridgePricer::new(cartridges.clone());
    let paywall = Arc::new(
        x402_payments::paywall::Paywall::new(gateway_url.clone(), routes.paid)
            .with_pricer(Arc::new(pricer)),
    );

    let mut registry = Registry::default();
    let p2p_metrics = x402_p2p::metrics::Metrics::default();
    p2p_metrics.register(&mut registry);
    let soul_metrics = SoulMetrics::default();
    soul_metrics.register(&mut registry);
    let iq_metrics = crate::iq::IqMetrics::default();
    iq_metrics.register(&mut registry);

    let config = NetworkConfig::new(keypair)
        .swarm(args.swarm.clone())
        .listen(args.listen.clone())
        .bootstrap(args.bootstrap.clone())
        .mdns(args.mdns)
        .participation(Participation::Full {
            name: name.clone(),
            gateway: Some(gateway_url.clone()),
        })
        .peer_cache(args.data_dir.join("peers.json"))
        .metrics(p2p_metrics);
    let (network, network_task) = Network::spawn(config, tasks.token())?;
    tasks.adopt("network", network_task);
    tracing::info!(%peer_id, %name, gateway = %gateway_url, data_dir = %args.data_dir.display(), "node started");

    // The soul's budgeted payer: its wallet is set when payments start (never when offline).
    let soul_payer = crate::soul_wallet::open(&args, &db)?;
    let (identity, dev_chain) = if args.offline {
        tracing::info!("offline: p2p only, no wallet or chain");
        (None, None)
    } else {
        let dev_chain = if args.dev_chain {
            Some(DevChain::start(0).await?)
        } else {
            None
        };
        let rpc = dev_chain
            .as_ref()
            .map_or(args.chain_rpc.clone(), |c| c.rpc.clone());
        let config = identity::config(
            &args,
            rpc.clone(),
            identity_key,
            name.clone(),
            gateway_url.clone(),
        )?;
        let identity = identity::start(
            &args,
            config,
            db.open_tree("identity")?,
            &network,
            &mut tasks,
        );
        let payments = crate::payments::start(
            &args,
            rpc,
            paywall.clone(),
            identity.clone(),
            db.open_tree("payments")?,
            soul_payer.clone(),
            tasks.token(),
        )?;
        tasks.spawn("payments", payments);
        (Some(identity), dev_chain)
    };

    let weights = Arc::new(
        crate::weights::start(
            &args,
            weights_key,
            &network,
            db.open_tree("federation")?,
            tasks.token(),
        )
        .await?,
    );
    {
        let weights = weights.clone();
        tasks.spawn("weights", async move { weights.stopped().await });
    }

    let tree = db.open_tree("soul")?;
    let soul_state = Arc::new(SoulState {
        cognition: RwLock::new(soul::load(&tree)),
        ..SoulState::default()
    });
    // Everything the node created at start-up (sled files, tokens, keystores): owner only.
    restrict_permissions(&args.data_dir);

    let (iq, iq_task) = crate::iq::spawn(
        crate::iq::config(&args, &network, db.open_tree("iq")?, iq_metrics),
        tasks.token(),
    );
    tasks.adopt("iq", iq_task);

    // The soul's agent, with the `--llm` provider (a local model is only checked here and
    // loads on the first chat; file access stays off the async workers).
    let provider = {
        let (endpoint, flags) = (args.llm.clone(), args.llm_provider.clone());
        tokio::task::spawn_blocking(move || crate::llm::provider(&endpoint, &flags)).await??
    };
    let (agent, agent_tasks) = crate::soul_agent::start(
        &args,
        &db,
        crate::soul_agent::Parts {
            network: network.clone(),
            cognition: soul_state.clone(),
            cartridges: cartridges.clone(),
            iq: iq.clone(),
            weights: weights.federation.watch(),
            provider,
            payer: soul_payer,
            federation: weights.federation.clone(),
            blobs: weights.blobs.clone(),
        },
        tasks.token(),
    )?;
    for (name, task) in agent_tasks {
        tasks.adopt(name, task);
    }
    let summary_agent = agent.agent.clone();
    let needs_observer = agent.observer.clone();
    tasks.spawn(
        "soul",
        soul::run(
            network.clone(),
            soul_state.clone(),
            tree,
            soul_metrics,
            Arc::new(move || summary_agent.goal_summary()),
            Arc::new(move || needs_observer.queen_needs()),
            tasks.token(),
        ),
    );

    let app = gateway::router(Gateway {
        name: name.clone(),
        identity,
        network: network.clone(),
        soul: soul_state.clone(),
        weights: weights.federation.watch(),
        iq: iq.clone(),
        agent: agent.agent.clone(),
        registry: Arc::new(registry),
        started: Instant::now(),
    })
    .merge(crate::cartridges::router(cartridges, admin_token.clone()))
    .merge(crate::weights::router(weights.clone()))
    .merge(crate::iq::http::router(iq, admin_token.clone()))
    .merge(crate::soul_agent::http::router(
        crate::soul_agent::http::SoulRoutes {
            soul: agent,
            cognition: soul_state,
            weights: weights.federation.watch(),
        },
        admin_token.clone(),
    ))
    .merge(crate::payments::router(
        paywall.clone(),
        routes.served,
        admin_token,
        name,
    ));
    let app = crate::payments::layer(app, paywall);
    let limits = crate::http::HttpLimits {
        rate_per_ip: args.http_rate_per_ip,
        header_read_timeout: std::time::Duration::from_secs(args.http_header_timeout.max(1)),
        idle_timeout: std::time::Duration::from_secs(args.http_idle_timeout.max(1)),
        ..Default::default()
    };
    // The server inserts each client's address (ConnectInfo): the paywall and the rate limits
    // key on it.
    let server = crate::http::serve(listener, app, limits, tasks.token());
    tasks.spawn("gateway", async move {
        if let Err(e) = server.await {
            tracing::warn!(error = %e, "gateway error");
        }
    });

    tasks.token().cancelled().await;
    tracing::info!("shutting down");
    let late = tasks.join(SHUTDOWN_DEADLINE).await;
    if let Err(e) = db.flush_async().await {
        tracing::error!(error = %e, "flushing the database");
    }
    if let Some(chain) = dev_chain {
        chain.stop().await;
    }
    if !late.is_empty() {
        tracing::warn!(tasks = ?late, "stopped without waiting for them");
    }
    tracing::info!("stopped");
    Ok(())
}

/// URL peers and users should use for a gateway bound on `addr`.
fn announced_url(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        std::net::IpAddr::from([127, 0, 0, 1])
    } else {
        addr.ip()
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

/// The data dir holds keys, tokens and payment records: directories 0700, files 0600.
fn restrict_permissions(dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut stack = vec![dir.to_path_buf()];
    let mut budget = 10_000;
    while let Some(d) = stack.pop() {
        if let Err(e) = std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o700)) {
            tracing::warn!(dir = %d.display(), error = %e, "cannot restrict permissions");
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            budget -= 1;
            if budget == 0 {
                return;
            }
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() => {
                    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
                }
                _ => {}
            }
        }
    }
}
