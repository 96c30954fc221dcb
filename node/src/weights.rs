//! Wiring of the weight exchange: the iroh-blobs node, the federation task and their HTTP routes.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use libp2p::identity::Keypair;
use serde_json::json;
use x402_federation::{CollectPolicy, Federation, FederationConfig, TrainerConfig};
use x402_model::brain::BrainConfig;
use x402_model::brain_data;
use x402_p2p::blobs::{BlobConfig, BlobHash, BlobNode};
use x402_p2p::{NetworkHandle, keys};

use crate::cli::RunArgs;

/// Seed of the shared initial brain weights: every node starts from the same round-0 model.
const INIT_SEED: u64 = 0x5EED_B4A1;
/// Seed of the held-out set every node scores on.
const HELD_OUT_SEED: u64 = 7;
/// Examples of this node's own training shard.
const SHARD_EXAMPLES: usize = 2048;
/// Examples in the held-out set.
const HELD_OUT_EXAMPLES: usize = 512;
/// Blob downloads served at once; further requests get 503 at once.
const MAX_BLOB_DOWNLOADS: usize = 16;
/// Longest a blob download (fetching it from a peer included) may take.
const BLOB_DEADLINE: Duration = Duration::from_secs(120);
/// Bytes read from the store per chunk of a blob download.
const BLOB_CHUNK: usize = 64 * 1024;

/// The running weight exchange.
pub struct Weights {
    /// Blob store and iroh endpoint.
    pub blobs: BlobNode,
    /// Rounds, updates and aggregates.
    pub federation: Arc<Federation>,
    /// The network (who the queen is).
    network: NetworkHandle,
    /// Slots of concurrent blob downloads.
    downloads: Arc<tokio::sync::Semaphore>,
}

/// Starts the blob node and the federation task; both stop when `shutdown` is cancelled (see
/// [`Weights::stopped`]).
pub async fn start(
    args: &RunArgs,
    keypair: Keypair,
    network: &NetworkHandle,
    db: sled::Tree,
    shutdown: tokio_util::sync::CancellationToken,
) -> anyhow::Result<Weights> {
    let seed = keys::load_seed(&args.data_dir.join("node.key"))?;
    let blobs =
        BlobNode::spawn(BlobConfig::new(args.data_dir.join("blobs"), seed).bind(args.blobs_listen))
            .await
            .context("cannot start the blob store")?;
    tracing::info!(endpoint = %blobs.endpoint_id(), addrs = ?blobs.direct_addrs(), "blob endpoint");

    // This node's data: its own draw from the planning-step distribution (disjoint from other
    // nodes' by seed), scored on a held-out set shared by the whole colony.
    let shard_seed = u64::from_le_bytes(
        blake3::hash(&network.local_peer_id().to_bytes()).as_bytes()[..8]
            .try_into()
            .expect("8 bytes"),
    );
    let mut train = brain_data::synthetic(SHARD_EXAMPLES, shard_seed);
    // Recorded plan steps, one JSON example per line, join the node's own data.
    let recorded = args.data_dir.join("brain-examples.jsonl");
    if let Ok(text) = std::fs::read_to_string(&recorded) {
        let examples = brain_data::from_jsonl(&text)
            .with_context(|| format!("invalid examples in {}", recorded.display()))?;
        tracing::info!(examples = examples.len(), "recorded brain examples");
        train.extend(examples);
    }
    let held_out = brain_data::synthetic(HELD_OUT_EXAMPLES, HELD_OUT_SEED);

    let config = FederationConfig {
        rule: args.aggregation,
        trainer: TrainerConfig {
            brain: BrainConfig::default(),
            init_seed: INIT_SEED,
            steps_per_round: args.train_steps,
            batch: 32,
            cpu_budget: args.train_cpu,
        },
        policy: CollectPolicy::default(),
        reannounce: std::time::Duration::from_secs(3),
        shutdown,
    };
    let federation = Federation::spawn(
        config,
        network.clone(),
        blobs.clone(),
        keypair,
        db,
        train,
        held_out,
    )
    .await?;
    Ok(Weights {
        blobs,
        federation: Arc::new(federation),
        network: network.clone(),
        downloads: Arc::new(tokio::sync::Semaphore::new(MAX_BLOB_DOWNLOADS)),
    })
}

impl Weights {
    /// Resolves once the federation task has stopped (its shutdown token was cancelled) and the
    /// blob store, which it writes to until then, is flushed and closed.
    pub async fn stopped(&self) {
        self.federation.stopped().await;
        if let Err(e) = self.blobs.clone().shutdown().await {
            tracing::warn!("closing the blob store: {e}");
        }
    }
}

/// `GET /blobs` (what this node holds) and `GET /blobs/{hash}` (the bytes, fetched from a peer
/// that announced them if this node does not hold them yet).
pub fn router(weights: Arc<Weights>) -> Router {
    Router::new()
        .route("/blobs", get(list))
        .route("/blobs/{hash}", get(blob))
        .with_state(weights)
}

async fn list(State(w): State<Arc<Weights>>) -> Response {
    match w.blobs.list().await {
        Ok(blobs) => axum::Json(json!({ "blobs": blobs })).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// Serves a blob the node holds, or fetches first the one the current queen announced as her
/// aggregate. Bytes stream from the store (nothing is copied whole into memory), at most
/// [`MAX_BLOB_DOWNLOADS`] at once, each within [`BLOB_DEADLINE`].
async fn blob(State(w): State<Arc<Weights>>, UrlPath(hash): UrlPath<String>) -> Response {
    let parsed: BlobHash = match hash.parse() {
        Ok(h) => h,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("{hash:?}: {e}")),
    };
    let Ok(permit) = w.downloads.clone().try_acquire_owned() else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{MAX_BLOB_DOWNLOADS} blob downloads are already in progress"),
        );
    };
    let deadline = tokio::time::Instant::now() + BLOB_DEADLINE;
    if !w.blobs.has(&parsed).await {
        if !queen_announced(&w, &hash) {
            return error(
                StatusCode::NOT_FOUND,
                format!("blob {hash} is not held by this node and is not the queen's aggregate"),
            );
        }
        let providers = w.federation.providers(&hash);
        // One tag for whatever users fetched last: the previous one is garbage-collected, so
        // requests cannot fill the disk.
        let fetch = w.blobs.fetch(&parsed, &providers, "fetched/latest");
        match tokio::time::timeout_at(deadline, fetch).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => return error(StatusCode::BAD_GATEWAY, e.to_string()),
            Err(_) => {
                return error(
                    StatusCode::GATEWAY_TIMEOUT,
                    format!("fetching {hash} took longer than {BLOB_DEADLINE:?}"),
                );
            }
        }
    }
    let reader = match w.blobs.reader(&parsed).await {
        Ok(r) => r,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    // The permit travels with the stream: the slot is free once the body is sent or dropped.
    let stream = futures::stream::unfold(
        (reader, permit, vec![0u8; BLOB_CHUNK]),
        move |(mut reader, permit, mut buf)| async move {
            use tokio::io::AsyncReadExt;
            let read = tokio::time::timeout_at(deadline, reader.read(&mut buf)).await;
            match read {
                Ok(Ok(0)) => None,
                Ok(Ok(n)) => {
                    let chunk = axum::body::Bytes::copy_from_slice(&buf[..n]);
                    Some((Ok(chunk), (reader, permit, buf)))
                }
                Ok(Err(e)) => Some((Err(e), (reader, permit, buf))),
                Err(_) => Some((
                    Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "blob download deadline passed",
                    )),
                    (reader, permit, buf),
                )),
            }
        },
    );
    (
        [(header::CONTENT_TYPE, "application/octet-stream")],
        Body::from_stream(stream),
    )
        .into_response()
}

/// Whether `hash` is the aggregate the current queen announced for her current term.
fn queen_announced(w: &Weights, hash: &str) -> bool {
    let view = w.network.view();
    let Some(queen) = &view.queen else {
        return false;
    };
    w.federation
        .status()
        .peers
        .get(&queen.peer_id)
        .is_some_and(|a| a.kind == "weights_aggregate" && a.hash == hash && a.term == queen.term)
}

fn error(status: StatusCode, message: String) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}
