//! The HTTP gateway (axum): health, swarm status, gossip as Server-Sent Events, metrics, and the
//! dashboard at `/`.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures::Stream;
use prometheus_client::registry::Registry;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use x402_identity::IdentityStatus;
use x402_p2p::{NetworkEvent, NetworkHandle, SwarmTopic};

use crate::soul::SoulState;
use crate::swarm_status::SwarmStatus;

/// What the handlers share.
#[derive(Clone)]
pub struct Gateway {
    /// Node name.
    pub name: String,
    /// On-chain identity (absent when offline).
    pub identity: Option<watch::Receiver<Arc<IdentityStatus>>>,
    /// The network task.
    pub network: NetworkHandle,
    /// Cognitive state.
    pub soul: Arc<SoulState>,
    /// Federated weights.
    pub weights: watch::Receiver<Arc<x402_federation::WeightsStatus>>,
    /// Colony IQ sessions.
    pub iq: crate::iq::IqHandle,
    /// The soul's agent (its running goal is shown in the status).
    pub agent: Arc<x402_soul::Agent>,
    /// Metrics registry.
    pub registry: Arc<Registry>,
    /// Start time.
    pub started: Instant,
}

/// The gateway's routes.
pub fn router(gateway: Gateway) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/swarm/status", get(status))
        .route("/swarm/events", get(events))
        .route("/metrics", get(metrics))
        .route("/.well-known/agent-registration.json", get(registration))
        .merge(crate::dashboard::router())
        .with_state(gateway)
}

async fn health(State(g): State<Gateway>) -> Json<serde_json::Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "peer_id": g.network.local_peer_id().to_base58(),
        "uptime_ms": g.started.elapsed().as_millis() as u64,
    }))
}

async fn status(State(g): State<Gateway>) -> Json<SwarmStatus> {
    Json(crate::gateway_status::build(&g))
}

async fn registration(State(g): State<Gateway>) -> Response {
    match g.identity.as_ref().and_then(|i| i.borrow().card.clone()) {
        Some(card) => Json(card).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "this node has no on-chain registration yet" })),
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
struct EventsQuery {
    topic: Option<String>,
}

async fn events(State(g): State<Gateway>, Query(q): Query<EventsQuery>) -> Response {
    let topics: Vec<&str> = SwarmTopic::ALL.iter().map(|t| t.short_name()).collect();
    let Some(topic) = q
        .topic
        .as_deref()
        .and_then(|name| SwarmTopic::parse(name, g.network.swarm()))
    else {
        let error = match q.topic {
            Some(t) => format!("unknown topic {t:?}"),
            None => "missing query parameter `topic`".to_string(),
        };
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": error, "topics": topics })),
        )
            .into_response();
    };
    Sse::new(topic_stream(&g.network, topic))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn topic_stream(
    network: &NetworkHandle,
    topic: SwarmTopic,
) -> impl Stream<Item = Result<Event, Infallible>> + use<> {
    BroadcastStream::new(network.events()).filter_map(move |event| match event {
        Ok(NetworkEvent::Message(inbound)) if inbound.topic == topic => Some(Ok(Event::default()
            .event(topic.short_name())
            .data(serde_json::to_string(&*inbound).expect("inbound serializes")))),
        _ => None,
    })
}

async fn metrics(State(g): State<Gateway>) -> Response {
    let mut body = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut body, &g.registry) {
        return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
