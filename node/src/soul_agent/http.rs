//! `/soul/*`: `GET /soul/status`, `GET /soul/events` (SSE), and, with the admin token,
//! `POST /soul/nudge` and `POST /soul/chat`.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use futures::Stream;
use serde_json::json;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use x402_soul::api::{Budget, ChatRequest, ErrorBody, MAX_BUDGET_RECENT, NudgeRequest, SoulStatus};
use x402_soul::{ChatError, NudgeError};

use super::SoulHandle;
use crate::admin::{self, AdminToken};
use crate::soul::SoulState;

/// Largest body of the admin routes.
const BODY_LIMIT: usize = 16 * 1024;

/// What the routes share.
#[derive(Clone)]
pub struct SoulRoutes {
    /// The soul.
    pub soul: SoulHandle,
    /// Cognition (hivemind, free energy).
    pub cognition: Arc<SoulState>,
    /// Federated weights (brain).
    pub weights: watch::Receiver<Arc<x402_federation::WeightsStatus>>,
}

/// The routes, merged into the gateway.
pub fn router(routes: SoulRoutes, token: Arc<AdminToken>) -> Router {
    let public = Router::new()
        .route("/soul/status", get(status))
        .route("/soul/events", get(events))
        .with_state(routes.clone());
    let admin = Router::new()
        .route("/soul/nudge", post(nudge))
        .route("/soul/chat", post(chat))
        .route_layer(middleware::from_fn_with_state(token, admin::require_admin))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(routes);
    public.merge(admin)
}

fn error(status: StatusCode, e: &dyn std::error::Error) -> Response {
    let mut text = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cur = c.source();
    }
    (status, Json(ErrorBody { error: text })).into_response()
}

/// The soul's status with the node's systems filled in.
pub fn full_status(r: &SoulRoutes) -> SoulStatus {
    let mut s = r.soul.agent.status(r.soul.enabled);
    let b = r.soul.payer.status();
    s.budget = Budget {
        limit: b.limit,
        spent: b.spent,
        unit: "micro_usd".into(),
        reserved: b.reserved,
        remaining: b.remaining,
        window_secs: b.window_secs,
        spends: b.spends,
        refusals: b.refusals,
        ready: b.ready,
        recent: b
            .recent
            .iter()
            .take(MAX_BUDGET_RECENT)
            .filter_map(|e| serde_json::to_value(e).ok())
            .collect(),
    };
    let w = r.weights.borrow().clone();
    add(
        &mut s.systems.brain,
        json!({
            "arch": w.arch, "params": w.params, "round": w.round,
            "canonical_hash": w.canonical_hash, "local_eval": w.local_eval,
        }),
    );
    let c = r.cognition.cognition.read().expect("cognition lock");
    add(&mut s.systems.hivemind, json!({ "psi": c.psi.value }));
    add(
        &mut s.systems.free_energy,
        json!({
            "value": c.free_energy.current(),
            "trend": c.free_energy.trend(),
            "surprise": c.surprise,
        }),
    );
    s
}

/// Adds the fields of `extra` to the object `v` (its own fields win).
fn add(v: &mut serde_json::Value, extra: serde_json::Value) {
    if !v.is_object() {
        *v = json!({});
    }
    if let (Some(o), serde_json::Value::Object(e)) = (v.as_object_mut(), extra) {
        for (k, x) in e {
            o.entry(k).or_insert(x);
        }
    }
}

async fn status(State(r): State<SoulRoutes>) -> Json<SoulStatus> {
    Json(full_status(&r))
}

async fn events(State(r): State<SoulRoutes>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // A lagging client skips what it missed (the stream yields an error item, dropped here).
    let stream = BroadcastStream::new(r.soul.agent.subscribe()).filter_map(|e| {
        let e = e.ok()?;
        let kind = match &e {
            x402_soul::SoulEvent::Thought { .. } => "thought",
            x402_soul::SoulEvent::Goal { .. } => "goal",
            x402_soul::SoulEvent::Step { .. } => "step",
            x402_soul::SoulEvent::Outcome { .. } => "outcome",
        };
        let data = serde_json::to_string(&e).ok()?;
        Some(Ok(Event::default().event(kind).data(data)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn nudge(
    State(r): State<SoulRoutes>,
    body: Result<Json<NudgeRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(req) = match body {
        Ok(b) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e),
    };
    match r.soul.agent.nudge(&req.text) {
        Ok(resp) => (StatusCode::ACCEPTED, Json(resp)).into_response(),
        Err(e @ NudgeError::BadText) => error(StatusCode::BAD_REQUEST, &e),
        Err(e @ NudgeError::Full) => error(StatusCode::CONFLICT, &e),
        Err(e @ NudgeError::Store(_)) => error(StatusCode::INTERNAL_SERVER_ERROR, &e),
    }
}

async fn chat(
    State(r): State<SoulRoutes>,
    body: Result<Json<ChatRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(req) = match body {
        Ok(b) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e),
    };
    match r.soul.agent.chat(&req.message).await {
        Ok(resp) => Json(resp).into_response(),
        Err(e @ ChatError::BadText) => error(StatusCode::BAD_REQUEST, &e),
        Err(e @ ChatError::Timeout(_)) => error(StatusCode::GATEWAY_TIMEOUT, &e),
        Err(e @ ChatError::Provider(_)) => error(StatusCode::BAD_GATEWAY, &e),
    }
}
