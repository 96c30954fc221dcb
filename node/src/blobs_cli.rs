//! `x402-node blobs list|get HASH`: the weight blobs of a running node, over its gateway.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

/// Flags of `x402-node blobs`.
#[derive(Debug, Clone, Args)]
pub struct BlobsArgs {
    /// Gateway of the node to ask.
    #[arg(
        long,
        env = "X402_GATEWAY",
        default_value = "http://127.0.0.1:4023",
        global = true
    )]
    pub gateway: String,
    /// What to do.
    #[command(subcommand)]
    pub command: BlobsCommand,
}

/// Subcommands of `x402-node blobs`.
#[derive(Debug, Clone, Subcommand)]
pub enum BlobsCommand {
    /// List the blobs the node holds: hash, size, tags.
    List,
    /// Download a blob by hash (the node fetches it from a peer that announced it if needed);
    /// the content is checked against the hash.
    Get {
        /// BLAKE3 hash, 64 hex characters.
        hash: String,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// Runs `x402-node blobs`.
pub async fn run(args: BlobsArgs) -> anyhow::Result<()> {
    let base = args.gateway.trim_end_matches('/');
    let client = reqwest::Client::new();
    match args.command {
        BlobsCommand::List => {
            let body: serde_json::Value = ok(client.get(format!("{base}/blobs")).send().await?)
                .await?
                .json()
                .await?;
            let blobs = body["blobs"].as_array().cloned().unwrap_or_default();
            println!("{:<64}  {:>12}  tags", "hash", "bytes");
            for b in blobs {
                let tags: Vec<&str> = b["tags"]
                    .as_array()
                    .map(|t| t.iter().filter_map(|t| t.as_str()).collect())
                    .unwrap_or_default();
                println!(
                    "{:<64}  {:>12}  {}",
                    b["hash"].as_str().unwrap_or("?"),
                    b["size"].as_u64().unwrap_or(0),
                    tags.join(",")
                );
            }
        }
        BlobsCommand::Get { hash, output } => {
            let bytes = ok(client.get(format!("{base}/blobs/{hash}")).send().await?)
                .await?
                .bytes()
                .await?;
            let found = blake3::hash(&bytes).to_hex();
            if found.as_str() != hash {
                bail!("the node sent content hashing to {found}, not {hash}");
            }
            match output {
                Some(path) => std::fs::write(&path, &bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => std::io::stdout().write_all(&bytes)?,
            }
            eprintln!("{hash}: {} bytes, hash verified", bytes.len());
        }
    }
    Ok(())
}

/// The response if it is a success, else its JSON error as an error.
async fn ok(response: reqwest::Response) -> anyhow::Result<reqwest::Response> {
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    bail!(
        "{status}: {}",
        body["error"].as_str().unwrap_or("no error message")
    )
}
