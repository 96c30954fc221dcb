//! N `x402-node run` child processes on loopback, wired to node 0: used by `devnet` and `bench`.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::Context;
use libp2p::PeerId;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::process::{Child, Command};

use crate::swarm_status::SwarmStatus;

/// One child node.
pub struct NodeProcess {
    /// Position in the swarm.
    pub index: usize,
    /// Its peer id.
    pub peer_id: PeerId,
    /// Its gateway URL.
    pub http_url: String,
    child: Option<Child>,
}

/// Where and how to start the nodes.
#[derive(Debug, Clone)]
pub struct LocalSwarmConfig {
    /// Folder of the data dirs.
    pub dir: PathBuf,
    /// HTTP port of node 0.
    pub http_port: u16,
    /// libp2p port of node 0.
    pub p2p_port: u16,
    /// Swarm name.
    pub swarm: String,
    /// Chain RPC shared by all nodes; `None` runs them offline (p2p only).
    pub chain_rpc: Option<String>,
    /// `--train-cpu` of each node; `None` shares half a core among them all (at most 0.25 each),
    /// since local nodes share one machine's cores.
    pub train_cpu: Option<f64>,
    /// More `run` arguments for every node.
    pub extra_args: Vec<String>,
}

/// The running children.
pub struct LocalSwarm {
    config: LocalSwarmConfig,
    train_cpu: f64,
    /// Nodes, by index.
    pub nodes: Vec<NodeProcess>,
}

impl NodeProcess {
    /// Process id, while running.
    pub fn pid(&self) -> Option<Pid> {
        self.child
            .as_ref()
            .and_then(|c| c.id())
            .map(|id| Pid::from_raw(id as i32))
    }

    /// SIGKILL: no goodbye, no abdication.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// SIGTERM, then wait up to `grace` before SIGKILL.
    pub async fn stop(&mut self, grace: Duration) {
        if let Some(pid) = self.pid() {
            let _ = kill(pid, Signal::SIGTERM);
        }
        if let Some(mut child) = self.child.take()
            && tokio::time::timeout(grace, child.wait()).await.is_err()
        {
            let _ = child.kill().await;
        }
    }
}

impl LocalSwarm {
    /// Starts `n` nodes; node 0 is every other node's bootstrap peer.
    pub async fn start(config: LocalSwarmConfig, n: usize) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&config.dir)
            .with_context(|| format!("cannot create {}", config.dir.display()))?;
        let train_cpu = config
            .train_cpu
            .unwrap_or_else(|| (0.5 / n.max(1) as f64).min(0.25));
        let mut swarm = LocalSwarm {
            config,
            train_cpu,
            nodes: Vec::new(),
        };
        for i in 0..n {
            let node = swarm.spawn(i).await?;
            swarm.nodes.push(node);
        }
        Ok(swarm)
    }

    fn bootstrap_addr(&self) -> anyhow::Result<String> {
        let key = x402_p2p::keys::load_or_create(&self.data_dir(0).join("node.key"))?;
        Ok(format!(
            "/ip4/127.0.0.1/tcp/{}/p2p/{}",
            self.config.p2p_port,
            key.public().to_peer_id()
        ))
    }

    fn data_dir(&self, i: usize) -> PathBuf {
        self.config.dir.join(format!("node-{i}"))
    }

    /// Starts (or restarts) node `i`. Restarts get no `--bootstrap`: they use their peer cache.
    pub async fn spawn(&self, i: usize) -> anyhow::Result<NodeProcess> {
        let data_dir = self.data_dir(i);
        std::fs::create_dir_all(&data_dir)?;
        let key = x402_p2p::keys::load_or_create(&data_dir.join("node.key"))?;
        let first_start = !data_dir.join("peers.json").exists();
        let http_port = self.config.http_port + i as u16;
        let p2p_port = self.config.p2p_port + i as u16;
        let log = std::fs::File::create(data_dir.join("node.log"))?;
        let mut cmd = Command::new(std::env::current_exe()?);
        cmd.arg("run")
            .arg("--data-dir")
            .arg(&data_dir)
            .arg("--http")
            .arg(format!("127.0.0.1:{http_port}"))
            .arg("--listen")
            .arg(format!(
                "/ip4/127.0.0.1/tcp/{p2p_port},/ip4/127.0.0.1/udp/{p2p_port}/quic-v1"
            ))
            .arg("--name")
            .arg(format!("node-{i}"))
            .arg("--swarm")
            .arg(&self.config.swarm)
            .arg("--train-cpu")
            .arg(self.train_cpu.to_string())
            // Local swarms serve their operator's own clients (benches send thousands of
            // requests a second from loopback): no per-IP rate limit.
            .arg("--http-rate-per-ip")
            .arg("1000000")
            .env_remove("X402_BOOTSTRAP")
            .env_remove("X402_LISTEN")
            .env_remove("X402_HTTP")
            .env_remove("X402_DATA_DIR")
            .env_remove("X402_CHAIN_RPC")
            .env_remove("X402_DEV_CHAIN")
            .env_remove("X402_CHAIN_IS_DEV")
            .env_remove("X402_OFFLINE")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true);
        match &self.config.chain_rpc {
            // The shared local anvil: a dev chain, said so explicitly.
            Some(rpc) => cmd.arg("--chain-rpc").arg(rpc).arg("--chain-is-dev"),
            None => cmd.arg("--offline"),
        };
        cmd.args(&self.config.extra_args);
        if i > 0 && first_start {
            cmd.arg("--bootstrap").arg(self.bootstrap_addr()?);
        }
        let child = cmd.spawn().context("cannot start x402-node")?;
        Ok(NodeProcess {
            index: i,
            peer_id: key.public().to_peer_id(),
            http_url: format!("http://127.0.0.1:{http_port}"),
            child: Some(child),
        })
    }

    /// Restarts node `i` after it was stopped or killed.
    pub async fn restart(&mut self, i: usize) -> anyhow::Result<()> {
        let node = self.spawn(i).await?;
        self.nodes[i] = node;
        Ok(())
    }

    /// SIGTERM to every node, then wait for all.
    pub async fn stop_all(&mut self) {
        let grace = Duration::from_secs(10);
        futures::future::join_all(self.nodes.iter_mut().map(|n| n.stop(grace))).await;
    }

    /// Folder of the data dirs.
    pub fn dir(&self) -> &Path {
        &self.config.dir
    }
}

/// `/swarm/status` of each gateway (`None` where it did not answer).
pub async fn status_all(client: &reqwest::Client, urls: &[String]) -> Vec<Option<SwarmStatus>> {
    futures::future::join_all(urls.iter().map(|u| async move {
        client
            .get(format!("{u}/swarm/status"))
            .timeout(Duration::from_secs(2))
            .send()
            .await
            .ok()?
            .json::<SwarmStatus>()
            .await
            .ok()
    }))
    .await
}

/// The queen and term all `urls` agree on, if each answers, lists all the others and they agree.
pub async fn agreed_queen(client: &reqwest::Client, urls: &[String]) -> Option<(String, u64)> {
    let mut queens = Vec::new();
    for st in status_all(client, urls).await {
        let st = st?;
        if st.peers.len() + 1 < urls.len() {
            return None;
        }
        queens.push(st.queen_term()?);
    }
    queens.sort();
    queens.dedup();
    (queens.len() == 1).then(|| queens.remove(0))
}
