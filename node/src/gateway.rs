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

use crate::soul::{SoulState, psi_body, trail_to_wire};

/// Strongest trails listed in the status.
const STATUS_TRAILS: usize = 10;

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

async fn status(State(g): State<Gateway>) -> Json<serde_json::Value> {
    let view = g.network.view();
    let c = g.soul.cognition.read().expect("cognition lock");
    let strongest: Vec<_> = c
        .pheromones
        .strongest(STATUS_TRAILS)
        .iter()
        .map(trail_to_wire)
        .collect();
    let identity = g.identity.as_ref().map(|i| i.borrow().clone());
    let weights = g.weights.borrow().clone();
    let iq = g.iq.status();
    let peers: Vec<_> = view
        .members
        .iter()
        .map(|m| {
            let registered = identity.as_ref().and_then(|i| i.peers.get(&m.peer_id));
            json!({
                "agent_id": registered.map(|r| r.agent_id),
                "wallet": registered.map(|r| &r.wallet),
                "registered": registered.is_some(),
                "peer_id": m.peer_id,
                "name": m.name,
                "role": m.role,
                "gateway": m.gateway,
                "listen_addrs": m.listen_addrs,
                "queen": m.queen,
                "bloch": m.bloch,
                "psi": m.psi,
                "goal": m.psi.as_ref().and_then(|p| p.goal.as_ref()),
                "pheromone_trails": m.pheromone_trails,
                "last_seen_ms": m.last_seen_ms,
                "alive": m.alive,
                "weights_hash": weights.peers.get(&m.peer_id.to_base58()).map(|a| &a.hash),
                "iq": iq.members.iter().find(|x| x.peer_id == m.peer_id).map(|x| x.iq),
            })
        })
        .collect();
    Json(json!({
        "name": g.name,
        "swarm": view.swarm,
        "version": env!("CARGO_PKG_VERSION"),
        "uptime_ms": g.started.elapsed().as_millis() as u64,
        "peer_id": view.peer_id,
        "agent_id": identity.as_ref().and_then(|i| i.agent_id),
        "wallet": identity.as_ref().and_then(|i| i.wallet.clone()),
        "chain": match &identity {
            Some(i) => json!({
                "status": i.chain.status,
                "error": i.chain.error,
                "rpc": i.chain.rpc,
                "chain_id": i.chain.chain_id,
                "kind": i.chain.kind,
                "registry": i.chain.registry,
                "cards_rejected": i.cards_rejected,
            }),
            None => json!({ "status": "offline" }),
        },
        "role": view.role,
        "queen": view.queen,
        "max_term": view.max_term,
        "elections": view.elections,
        "listen_addrs": view.listen_addrs,
        "connected_peers": view.connected_peers,
        "bloch": {
            "theta": c.bloch.theta,
            "phi": c.bloch.phi,
            "d_theta": c.bloch.d_theta,
            "d_phi": c.bloch.d_phi,
            "exploration": c.bloch.point().exploration(),
            "colony_focus": c.bloch.point().colony_focus(),
        },
        "psi": psi_body(&c),
        "goal": g.agent.goal_summary(),
        "free_energy": {
            "value": c.free_energy.current(),
            "trend": c.free_energy.trend(),
            "surprise": c.surprise,
        },
        "pheromones": { "count": c.pheromones.len(), "strongest": strongest },
        "weights": &*weights,
        "iq": &*iq,
        "peers": peers,
    }))
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
