//! HTTP routes of the cartridge engine: `/c` (public, execute) and `/admin/cartridges`
//! (authenticated). All logic lives in the `x402-cartridge` crate; this module maps HTTP to it.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router, middleware};
use base64::Engine as _;
use serde::Deserialize;
use serde_json::json;
use x402_cartridge::{
    AdminError, CartridgeConfig, CartridgeRequest, Cartridges, DeploySource, ExecError, Kind,
    PaidSlot,
};
use x402_payments::paywall;

use crate::admin::{self, AdminToken};
use crate::cartridge_pricing;

/// Largest admin request (a base64 module of up to 16 MiB fits).
const ADMIN_BODY_LIMIT: usize = 32 << 20;
/// Most ticks one frame request may run.
const MAX_TICKS: u32 = 600;

/// Opens the node's cartridges (restoring persisted ones) and its admin token.
pub async fn open(data_dir: &Path, db: &sled::Db) -> anyhow::Result<(Cartridges, Arc<AdminToken>)> {
    let token = AdminToken::load_or_create(&admin::token_path(data_dir))?;
    let config = CartridgeConfig::new(data_dir);
    let db = db.clone();
    // Restoring may compile modules missing from the cache: keep it off the async workers.
    let cartridges = tokio::task::spawn_blocking(move || Cartridges::open(&db, config)).await??;
    tracing::info!(
        cartridges = cartridges.list().len(),
        pooled = cartridges.engine().is_pooled(),
        "cartridge engine ready"
    );
    Ok((cartridges, Arc::new(token)))
}

/// The cartridge routes, merged into the gateway.
pub fn router(cartridges: Cartridges, token: Arc<AdminToken>) -> Router {
    let public = Router::new()
        .route("/c", get(list))
        .route("/c/{slug}", get(execute_root).post(execute_root))
        .route("/c/{slug}/wasm", get(wasm))
        .route("/c/{slug}/manifest", get(manifest))
        .route("/c/{slug}/frame", get(frame))
        .route("/c/{slug}/{*path}", get(execute_path).post(execute_path))
        .with_state(cartridges.clone());
    let admin = Router::new()
        .route("/admin/cartridges", post(create))
        .route("/admin/cartridges/{slug}/rollback", post(rollback))
        .route("/admin/cartridges/{slug}", axum::routing::delete(remove))
        .route_layer(middleware::from_fn_with_state(token, admin::require_admin))
        .layer(DefaultBodyLimit::max(ADMIN_BODY_LIMIT))
        .with_state(cartridges);
    public.merge(admin)
}

fn error(status: u16, message: impl std::fmt::Display) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(json!({ "error": message.to_string() }))).into_response()
}

fn exec_error(slug: &str, e: &ExecError) -> Response {
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        Json(json!({ "error": x402_cartridge::report(e), "slug": slug })),
    )
        .into_response()
}

fn admin_error(e: &AdminError) -> Response {
    error(e.http_status(), x402_cartridge::report(e))
}

async fn list(State(c): State<Cartridges>) -> Json<serde_json::Value> {
    Json(json!({ "cartridges": c.list() }))
}

async fn manifest(State(c): State<Cartridges>, UrlPath(slug): UrlPath<String>) -> Response {
    match c.info(&slug) {
        Some(info) => Json(json!({
            "cartridge": info,
            "abi": {
                "version": x402_cartridge::abi::ABI_VERSION,
                "exports": ["memory", "x402_handle", "x402_alloc?", "x402_init?"],
                "imports": x402_cartridge::abi::IMPORTS.iter()
                    .map(|(m, n, _)| format!("{m}::{n}")).collect::<Vec<_>>(),
            },
            "limits": {
                "memory_bytes": c.engine().limits().memory_bytes,
                "timeout_ms": c.engine().limits().timeout.as_millis() as u64,
                "call_timeout_ms": c.engine().limits().call_timeout.as_millis() as u64,
                "max_call_depth": c.engine().limits().max_call_depth,
                "kv_quota_bytes": c.engine().limits().max_kv_total_bytes,
                "kv_quota_keys": c.engine().limits().max_kv_keys,
            },
            "routes": {
                "execute": format!("/c/{slug}"),
                // Only interactive modules are published.
                "wasm": (info.kind == Kind::Interactive).then(|| format!("/c/{slug}/wasm")),
                "frame": format!("/c/{slug}/frame?ticks=N"),
            },
        }))
        .into_response(),
        None => error(404, format!("no cartridge named {slug:?}")),
    }
}

async fn wasm(State(c): State<Cartridges>, UrlPath(slug): UrlPath<String>) -> Response {
    match c.public_wasm(&slug) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/wasm")], bytes).into_response(),
        Err(e) => exec_error(&slug, &e),
    }
}

#[derive(Deserialize)]
struct FrameQuery {
    ticks: Option<u32>,
}

async fn frame(
    State(c): State<Cartridges>,
    UrlPath(slug): UrlPath<String>,
    Query(q): Query<FrameQuery>,
) -> Response {
    let ticks = q.ticks.unwrap_or(1).min(MAX_TICKS);
    match c.frame(&slug, ticks).await {
        Ok(frame) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_string()),
                (
                    header::HeaderName::from_static("x-frame-width"),
                    frame.width.to_string(),
                ),
                (
                    header::HeaderName::from_static("x-frame-height"),
                    frame.height.to_string(),
                ),
            ],
            frame.rgba,
        )
            .into_response(),
        Err(e) => exec_error(&slug, &e),
    }
}

/// The payment the paywall verified for this request, if any, and the execution slot it
/// reserved before settling (request extensions).
type Paid = (
    Option<Extension<paywall::PaymentInfo>>,
    Option<Extension<paywall::Reservation>>,
);

async fn execute_root(
    State(c): State<Cartridges>,
    UrlPath(slug): UrlPath<String>,
    paid: Paid,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    execute(c, slug, String::new(), paid, method, uri, headers, body).await
}

async fn execute_path(
    State(c): State<Cartridges>,
    UrlPath((slug, path)): UrlPath<(String, String)>,
    paid: Paid,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    execute(c, slug, path, paid, method, uri, headers, body).await
}

#[allow(clippy::too_many_arguments)]
async fn execute(
    c: Cartridges,
    slug: String,
    path: String,
    paid: Paid,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (paid, reservation) = paid;
    let payment = paid.map(|Extension(p)| cartridge_pricing::payment_of(&p));
    // The paywall (with `CartridgePricer`) asked for payment before this handler; a priced
    // cartridge reached unpaid means its price changed in between (or the path escaped the
    // pricer, e.g. percent-encoded): refuse rather than serve for free.
    if payment.is_none()
        && c.info(&slug)
            .as_ref()
            .and_then(cartridge_pricing::price_of)
            .is_some()
    {
        return error(
            402,
            format!("cartridge {slug:?} is not free: retry to receive its payment challenge"),
        );
    }
    let mut header_map = BTreeMap::new();
    for (name, value) in &headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        header_map
            .entry(name.as_str().to_string())
            .and_modify(|v: &mut String| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    let path = match uri.query() {
        Some(q) => format!("/{path}?{q}"),
        None => format!("/{path}"),
    };
    let request = CartridgeRequest {
        method: method.to_string(),
        path,
        body: String::from_utf8_lossy(&body).into_owned(),
        headers: header_map,
        payment,
    };
    let result = if request.payment.is_some() {
        // Paid: run in the slot reserved before settlement (or take a paid one now, for a
        // static settle-after route).
        let slot = match reservation.and_then(|Extension(r)| r.take::<PaidSlot>()) {
            Some(slot) => slot,
            None => match c.reserve_paid().await {
                Ok(slot) => slot,
                Err(e) => return exec_error(&slug, &e),
            },
        };
        c.handle_paid(&slug, request, slot).await
    } else {
        c.handle(&slug, request).await
    };
    match result {
        Ok((resp, version)) => {
            let status = StatusCode::from_u16(resp.status).unwrap_or(StatusCode::BAD_GATEWAY);
            let content_type = header::HeaderValue::from_str(&resp.content_type)
                .unwrap_or(header::HeaderValue::from_static("application/octet-stream"));
            (
                status,
                [
                    (header::CONTENT_TYPE, content_type),
                    (
                        header::HeaderName::from_static("x-cartridge-version"),
                        header::HeaderValue::from(version),
                    ),
                ],
                resp.body,
            )
                .into_response()
        }
        Err(e) => exec_error(&slug, &e),
    }
}

/// Body of `POST /admin/cartridges`.
#[derive(Deserialize)]
struct CreateBody {
    slug: String,
    source: Option<String>,
    wasm_base64: Option<String>,
    price: Option<String>,
}

async fn create(State(c): State<Cartridges>, Json(body): Json<CreateBody>) -> Response {
    let source = match (body.source, body.wasm_base64) {
        (Some(src), None) => DeploySource::Rust(src),
        (None, Some(b64)) => match base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
            Ok(bytes) => DeploySource::Wasm(bytes),
            Err(e) => return error(400, format!("wasm_base64 is not valid base64: {e}")),
        },
        _ => {
            return error(
                400,
                "give exactly one of `source` (Rust lib.rs) or `wasm_base64`",
            );
        }
    };
    let existed = c.info(&body.slug).is_some();
    match c.deploy(&body.slug, source, body.price.as_deref()).await {
        Ok(info) => {
            let status = if existed {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            (status, Json(json!({ "cartridge": info }))).into_response()
        }
        Err(e) => admin_error(&e),
    }
}

async fn rollback(State(c): State<Cartridges>, UrlPath(slug): UrlPath<String>) -> Response {
    match c.rollback(&slug).await {
        Ok(info) => Json(json!({ "cartridge": info })).into_response(),
        Err(e) => admin_error(&e),
    }
}

async fn remove(State(c): State<Cartridges>, UrlPath(slug): UrlPath<String>) -> Response {
    match c.delete(&slug).await {
        Ok(()) => Json(json!({ "deleted": slug })).into_response(),
        Err(e) => admin_error(&e),
    }
}
