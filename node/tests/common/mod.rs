//! Helpers for tests that run real `x402-node` processes on loopback.
#![allow(dead_code)]

pub mod payments;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::Value;
use tokio::process::{Child, Command};

/// A free TCP port on loopback (released before use; good enough for tests).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One `x402-node run` process.
pub struct Node {
    pub name: String,
    pub data_dir: PathBuf,
    pub http: String,
    child: Option<Child>,
}

impl Node {
    /// Starts an offline (p2p only) node with its own data dir under `root`.
    pub fn start(root: &Path, name: &str, bootstrap: Option<&str>) -> Node {
        let mut args = vec!["--offline".to_string()];
        if let Some(b) = bootstrap {
            args.extend(["--bootstrap".to_string(), b.to_string()]);
        }
        Node::start_with(root, name, &args)
    }

    /// Starts a node with extra `run` arguments.
    pub fn start_with(root: &Path, name: &str, extra: &[String]) -> Node {
        let data_dir = root.join(name);
        std::fs::create_dir_all(&data_dir).unwrap();
        let port = free_port();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data_dir.join("node.log"))
            .unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_x402-node"));
        cmd.arg("run")
            .arg("--data-dir")
            .arg(&data_dir)
            .arg("--http")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--listen")
            .arg("/ip4/127.0.0.1/tcp/0")
            .arg("--name")
            .arg(name)
            .arg("--swarm")
            .arg("x402-test")
            .env("RUST_LOG", "info,x402_p2p=debug")
            // The soul's agent acts on its own (it deploys cartridges): off unless a test asks
            // for it with `--soul on`, so other tests see only what they did.
            .env("X402_SOUL", "off")
            // No LLM unless a test passes its own `--llm` (a flag beats the env): a node
            // would otherwise pick the local model when scripts/setup fetched it.
            .env("X402_LLM", "none")
            .env_remove("X402_BOOTSTRAP")
            .env_remove("X402_CHAIN_RPC")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .kill_on_drop(true);
        cmd.args(extra);
        Node {
            name: name.to_string(),
            data_dir,
            http: format!("http://127.0.0.1:{port}"),
            child: Some(cmd.spawn().expect("start x402-node")),
        }
    }

    pub async fn get(&self, path: &str) -> Option<reqwest::Response> {
        reqwest::Client::new()
            .get(format!("{}{path}", self.http))
            .timeout(Duration::from_secs(3))
            .send()
            .await
            .ok()
    }

    pub async fn status(&self) -> Option<Value> {
        self.get("/swarm/status").await?.json().await.ok()
    }

    /// Waits for the gateway and returns the status.
    pub async fn ready(&self) -> Value {
        wait_for(Duration::from_secs(30), "node ready", || self.status()).await
    }

    /// The node's TCP listen address with `/p2p/`.
    pub async fn tcp_addr(&self) -> String {
        let st = wait_for(Duration::from_secs(30), "listen address", || async {
            let st = self.status().await?;
            (!st["listen_addrs"].as_array()?.is_empty()).then_some(st)
        })
        .await;
        st["listen_addrs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .find(|a| a.contains("/tcp/"))
            .expect("a tcp listen address")
    }

    /// Sends `signal` to the process (SIGSTOP / SIGCONT to freeze and resume it).
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let pid = self.child.as_ref().and_then(|c| c.id()).expect("running");
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), signal).unwrap();
    }

    pub async fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().await.unwrap();
        }
    }

    /// SIGTERM and wait for a clean exit; returns the exit status success.
    pub async fn terminate(&mut self) -> bool {
        let Some(mut c) = self.child.take() else {
            return false;
        };
        let pid = nix::unistd::Pid::from_raw(c.id().unwrap() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
        tokio::time::timeout(Duration::from_secs(15), c.wait())
            .await
            .expect("node exits after SIGTERM")
            .unwrap()
            .success()
    }

    /// Waits up to `within` for the process to exit; its exit status, `None` if it is still
    /// running then.
    pub async fn wait_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let c = self.child.as_mut()?;
        let status = tokio::time::timeout(within, c.wait()).await.ok()?.unwrap();
        self.child = None;
        Some(status)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.data_dir.join("node.log")).unwrap_or_default()
    }
}

/// Polls `f` every 200 ms until it yields a value; panics after `timeout`.
pub async fn wait_for<T, F, Fut>(timeout: Duration, what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Connects to Server-Sent Events at `url` (returns once subscribed) and sends each `data:`
/// payload as JSON.
pub async fn sse(url: String) -> tokio::sync::mpsc::UnboundedReceiver<Value> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let resp = reqwest::get(&url).await.expect("sse connect");
    assert_eq!(resp.status(), 200, "sse status for {url}");
    tokio::spawn(async move {
        let mut body = resp.bytes_stream();
        let mut buf = String::new();
        while let Some(Ok(chunk)) = body.next().await {
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(pos) = buf.find('\n') {
                let line: String = buf.drain(..=pos).collect();
                if let Some(data) = line.trim_end().strip_prefix("data:")
                    && let Ok(v) = serde_json::from_str(data.trim())
                    && tx.send(v).is_err()
                {
                    return;
                }
            }
        }
    });
    rx
}

impl Drop for Node {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("---- last log lines of {} ----", self.name);
            for l in tail.iter().rev() {
                eprintln!("{l}");
            }
        }
    }
}
