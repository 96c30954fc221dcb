//! Wiring of the weight exchange: the iroh-blobs node, the federation task and their HTTP routes.

use std::sync::Arc;

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

/// The running weight exchange.
pub struct Weights {
    /// Blob store and iroh endpoint.
    pub blobs: BlobNode,
    /// Rounds, updates and aggregates.
    pub federation: Arc<Federation>,
}

/// Starts the blob node and the federation task.
pub async fn start(
    args: &RunArgs,
    keypair: Keypair,
    network: &NetworkHandle,
    db: sled::Tree,
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
    })
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

async fn blob(State(w): State<Arc<Weights>>, UrlPath(hash): UrlPath<String>) -> Response {
    let parsed: BlobHash = match hash.parse() {
        Ok(h) => h,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("{hash:?}: {e}")),
    };
    if !w.blobs.has(&parsed).await {
        let providers = w.federation.providers(&hash);
        if providers.is_empty() {
            return error(
                StatusCode::NOT_FOUND,
                format!("blob {hash} is not held by this node and no peer announced it"),
            );
        }
        // One tag for whatever users fetched last: the previous one is garbage-collected, so
        // requests cannot fill the disk.
        if let Err(e) = w.blobs.fetch(&parsed, &providers, "fetched/latest").await {
            return error(StatusCode::BAD_GATEWAY, e.to_string());
        }
    }
    match w.blobs.read(&parsed).await {
        Ok(bytes) => (
            [(header::CONTENT_TYPE, "application/octet-stream")],
            Body::from(bytes),
        )
            .into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn error(status: StatusCode, message: String) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}
