//! `x402-node run`: wires the network, the cognitive loop and the gateway together.

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use anyhow::Context;
use prometheus_client::registry::Registry;
use tokio::sync::watch;
use x402_p2p::network::Participation;
use x402_p2p::{Network, NetworkConfig, keys};

use crate::cli::RunArgs;
use crate::gateway::{self, Gateway};
use crate::identity;
use crate::soul::{self, SoulMetrics, SoulState};
use x402_identity::devchain::DevChain;

/// Runs a node until Ctrl-C or SIGTERM.
pub async fn run(args: RunArgs) -> anyhow::Result<()> {
    args.llm_provider.check(&args.llm)?;
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("cannot create data dir {}", args.data_dir.display()))?;
    restrict_permissions(&args.data_dir);
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
    let (network, network_task) = Network::spawn(config)?;
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
        let identity = identity::start(
            &args,
            rpc.clone(),
            identity_key,
            name.clone(),
            gateway_url.clone(),
            db.open_tree("identity")?,
            &network,
        )?;
        crate::payments::start(
            &args,
            rpc,
            paywall.clone(),
            identity.clone(),
            db.open_tree("payments")?,
            soul_payer.clone(),
        )?;
        (Some(identity), dev_chain)
    };

    let weights = Arc::new(
        crate::weights::start(&args, weights_key, &network, db.open_tree("federation")?).await?,
    );

    let tree = db.open_tree("soul")?;
    let soul_state = Arc::new(SoulState {
        cognition: RwLock::new(soul::load(&tree)),
        ..SoulState::default()
    });
    // Everything the node created at start-up (sled files, tokens, keystores): owner only.
    restrict_permissions(&args.data_dir);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);

    let (iq, iq_task) = crate::iq::spawn(
        crate::iq::config(&args, &network, db.open_tree("iq")?, iq_metrics),
        shutdown_rx.clone(),
    );

    // The soul's agent, with the `--llm` provider (a local model is only checked here and
    // loads on the first chat; file access stays off the async workers).
    let provider = {
        let (endpoint, flags) = (args.llm.clone(), args.llm_provider.clone());
        tokio::task::spawn_blocking(move || crate::llm::provider(&endpoint, &flags)).await??
    };
    let (agent, agent_task) = crate::soul_agent::start(
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
        shutdown_rx.clone(),
    )?;
    let summary_agent = agent.agent.clone();
    let needs_observer = agent.observer.clone();
    let soul_task = tokio::spawn(soul::run(
        network.clone(),
        soul_state.clone(),
        tree,
        soul_metrics,
        Arc::new(move || summary_agent.goal_summary()),
        Arc::new(move || needs_observer.queen_needs()),
        shutdown_rx.clone(),
    ));

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
    let http_shutdown = shutdown_rx.clone();
    let limits = crate::http::HttpLimits {
        rate_per_ip: args.http_rate_per_ip,
        header_read_timeout: std::time::Duration::from_secs(args.http_header_timeout.max(1)),
        idle_timeout: std::time::Duration::from_secs(args.http_idle_timeout.max(1)),
        ..Default::default()
    };
    // The server inserts each client's address (ConnectInfo): the paywall and the rate limits
    // key on it.
    let server = tokio::spawn(crate::http::serve(listener, app, limits, http_shutdown));

    shutdown_signal().await;
    tracing::info!("shutting down");
    network.shutdown().await;
    let _ = shutdown_tx.send(true);
    let _ = soul_task.await;
    if let Some(task) = agent_task {
        // A step in flight (a compile) may hold the loop; it stops within a few seconds of
        // the step's end at worst, and the node does not wait longer than that.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), task).await;
    }
    let _ = iq_task.await;
    weights.federation.shutdown();
    if let Err(e) = weights.blobs.clone().shutdown().await {
        tracing::warn!("closing the blob store: {e}");
    }
    db.flush_async().await?;
    let _ = network_task.await;
    match tokio::time::timeout(std::time::Duration::from_secs(5), server).await {
        Ok(Ok(Err(e))) => tracing::warn!(error = %e, "gateway error"),
        Err(_) => tracing::warn!("gateway did not stop within 5 s"),
        _ => {}
    }
    if let Some(chain) = dev_chain {
        chain.stop().await;
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
