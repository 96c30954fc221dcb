//! HTTP routes of colony sessions: `POST /admin/iq/sessions` (admin token) opens one,
//! `GET /iq/sessions/latest` and `GET /iq/sessions/{id}` show one.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use serde_json::json;

use super::{IqHandle, OpenError, OpenRequest};
use crate::admin::{self, AdminToken};

/// The routes.
pub fn router(iq: IqHandle, token: Arc<AdminToken>) -> Router {
    let public = Router::new()
        .route("/iq/sessions/latest", get(latest))
        .route("/iq/sessions/{id}", get(by_id))
        .with_state(iq.clone());
    let admin = Router::new()
        .route("/admin/iq/sessions", post(open))
        .route_layer(middleware::from_fn_with_state(token, admin::require_admin))
        .layer(DefaultBodyLimit::max(64 * 1024))
        .with_state(iq);
    public.merge(admin)
}

fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (status, Json(json!({ "error": message.to_string() }))).into_response()
}

async fn open(State(iq): State<IqHandle>, Json(req): Json<OpenRequest>) -> Response {
    match iq.open(req).await {
        Ok(opened) => (StatusCode::CREATED, Json(opened)).into_response(),
        Err(e) => {
            let status = match &e {
                OpenError::Running(_) => StatusCode::CONFLICT,
                OpenError::NoProblems(_) => StatusCode::BAD_REQUEST,
                OpenError::NoQueen | OpenError::Stopped | OpenError::Publish(_) => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                OpenError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
                OpenError::Busy => StatusCode::TOO_MANY_REQUESTS,
            };
            error(status, e)
        }
    }
}

async fn latest(State(iq): State<IqHandle>) -> Response {
    match iq.view(None).await {
        Some(v) => Json(v).into_response(),
        None => error(StatusCode::NOT_FOUND, "no colony session yet"),
    }
}

async fn by_id(State(iq): State<IqHandle>, Path(id): Path<String>) -> Response {
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return error(
            StatusCode::BAD_REQUEST,
            format!("{id:?} is not a session id (16 hex digits)"),
        );
    }
    match iq.view(Some(id.clone())).await {
        Some(v) => Json(v).into_response(),
        None => error(StatusCode::NOT_FOUND, format!("no session {id} known here")),
    }
}
