//! Wiring of x402 payments into the node: paid routes from config (plus the demo route), the
//! paywall middleware, the embedded facilitator's HTTP routes, discovery and the payments list.
//!
//! Config: `<data-dir>/paid-routes.json` (or `--paid-routes FILE`):
//! `{"routes": [{"method": "GET", "path": "/paid/report", "price": "$0.01",
//!   "description": "…", "payTo": "0x…", "settle": "before" | "after", "response": {…}}]}`.
//! With `response`, the node serves that JSON on the path once paid; without it, the route puts
//! an existing path (a cartridge, `/swarm/status`, …) behind the paywall.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode};
use axum::middleware as mw;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, get, on, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use x402_identity::IdentityStatus;
use x402_identity::wallet::{INSECURE_DEV_PASSWORD, Wallets};
use x402_payments::onchain::{ITip20Token, PATH_USD};
use x402_payments::paywall::{self, PaidRoute, PaymentInfo, Paywall, SettleTiming};
use x402_payments::types::FacilitatorRequest;
use x402_payments::{Facilitator, FacilitatorConfig, FacilitatorService, Price};

use crate::admin::AdminToken;

/// Path of the built-in demo route.
pub const DEMO_PATH: &str = "/paid/hello";
/// Price of the demo route.
pub const DEMO_PRICE: &str = "$0.001";

/// One route in the config file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RouteConfig {
    #[serde(default = "default_method")]
    method: String,
    path: String,
    price: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    pay_to: Option<alloy::primitives::Address>,
    #[serde(default)]
    settle: SettleTiming,
    /// JSON the node serves on this path after payment (without it, the route must gate a path
    /// the node already serves, e.g. a cartridge).
    #[serde(default)]
    response: Option<Value>,
}

/// Paid routes and the static responses the node serves for some of them.
#[derive(Debug, Default)]
pub struct Routes {
    /// Everything behind the paywall.
    pub paid: Vec<PaidRoute>,
    /// `(method, path, JSON)` served by the node itself.
    pub served: Vec<(Method, String, Value)>,
}

fn default_method() -> String {
    "GET".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    routes: Vec<RouteConfig>,
}

/// The demo route every node sells.
fn demo_route() -> PaidRoute {
    PaidRoute::new(
        Method::GET,
        DEMO_PATH,
        DEMO_PRICE.parse().expect("demo price"),
    )
    .description("Demo: a greeting from this peer, paid over HTTP 402 (x402 v2, pathUSD)")
    .output_example(Some(
        json!({"message": "hello from node-abc123", "payer": "0x…", "transaction": "0x…"}),
    ))
}

/// Paid routes: the demo route plus `file` (default `<data-dir>/paid-routes.json` if present).
pub fn load_routes(data_dir: &Path, file: Option<&Path>) -> anyhow::Result<Routes> {
    let default = data_dir.join("paid-routes.json");
    let path = match file {
        Some(p) => Some(p.to_path_buf()),
        None => default.exists().then_some(default),
    };
    let mut routes = Routes {
        paid: vec![demo_route()],
        served: Vec::new(),
    };
    let Some(path) = path else {
        return Ok(routes);
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let config: FileConfig = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a valid paid-routes file", path.display()))?;
    for r in config.routes {
        let price: Price = r
            .price
            .parse()
            .with_context(|| format!("{}: route {}", path.display(), r.path))?;
        let method: Method = r
            .method
            .to_ascii_uppercase()
            .parse()
            .with_context(|| format!("{}: bad method {:?}", path.display(), r.method))?;
        anyhow::ensure!(
            r.path.starts_with('/'),
            "{}: path {:?} must start with /",
            path.display(),
            r.path
        );
        anyhow::ensure!(
            r.path != DEMO_PATH || r.response.is_some() || method == Method::GET,
            "{}: {DEMO_PATH} is the demo route",
            path.display()
        );
        anyhow::ensure!(
            r.response.is_none() || !crate::dashboard::serves(&r.path),
            "{}: {} is served by the dashboard; a route with a `response` cannot take it",
            path.display(),
            r.path
        );
        routes.paid.retain(|x| x.path() != r.path);
        routes.served.retain(|x| x.1 != r.path);
        if let Some(body) = r.response {
            routes.served.push((method.clone(), r.path.clone(), body));
        }
        routes.paid.push(
            PaidRoute::new(method, r.path, price)
                .description(r.description)
                .pay_to(r.pay_to)
                .settle(r.settle),
        );
    }
    Ok(routes)
}

/// Enables the paywall once the identity task has unlocked the wallet: runs the facilitator
/// (x402_payments::FacilitatorService) with the node's facilitator key (settlements in sled tree
/// `payments`). The returned future ends once the facilitator has stopped after `shutdown`.
pub fn start(
    args: &crate::cli::RunArgs,
    rpc: String,
    paywall: Arc<Paywall>,
    mut identity: watch::Receiver<Arc<IdentityStatus>>,
    tree: sled::Tree,
    soul_payer: Arc<x402_payments::budget::BudgetedPayer>,
    shutdown: CancellationToken,
) -> anyhow::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    let password = crate::identity::wallet_password(args)?;
    let dir = args.data_dir.join("keystore");
    let key_file = args.wallet_key_file.clone();
    // Dev-chain behaviour only when the operator asked for it.
    let dev_chain = args.dev_chain || args.chain_is_dev;
    Ok(async move {
        // The identity task creates the keystores; wait until it has.
        let wallet = shutdown.run_until_cancelled(identity.wait_for(|s| s.wallet.is_some()));
        if !matches!(wallet.await, Some(Ok(_))) {
            return;
        }
        let password = match password {
            Some(p) => p,
            None if dev_chain => INSECURE_DEV_PASSWORD.to_string(),
            None => return,
        };
        let wallets = match tokio::task::spawn_blocking(move || {
            Wallets::load_or_create(&dir, &password, key_file.as_deref())
        })
        .await
        {
            Ok(Ok(w)) => w,
            Ok(Err(e)) => return tracing::error!(error = %e, "payments disabled: keystore"),
            Err(e) => return tracing::error!(error = %e, "payments disabled"),
        };
        let mut service = FacilitatorService::spawn(
            FacilitatorConfig::new(&rpc).dev_chain(dev_chain),
            wallets.facilitator.clone(),
            tree,
            shutdown,
        );
        if let Some(facilitator) = service.ready().await {
            enable(&rpc, &paywall, &wallets, facilitator, &soul_payer).await;
        }
        service.join().await;
    })
}

/// Opens the paywall and the soul's wallet once the facilitator runs.
async fn enable(
    rpc: &str,
    paywall: &Paywall,
    wallets: &Wallets,
    facilitator: Arc<Facilitator>,
    soul_payer: &x402_payments::budget::BudgetedPayer,
) {
    let name = ITip20Token::new(PATH_USD, &facilitator.chain().provider)
        .name()
        .call()
        .await
        .unwrap_or_else(|_| "PathUSD".into());
    tracing::info!(pay_to = %wallets.wallet.address(), facilitator = %facilitator.signer(), network = facilitator.network(), "payments ready");
    // The soul pays peers from the node's wallet, within --soul-budget.
    soul_payer.set_wallet(x402_payments::budget::PayerWallet {
        signer: wallets.wallet.clone(),
        chain_id: facilitator.chain_id(),
        rpc: rpc.to_string(),
    });
    let budget = soul_payer.budget();
    tracing::info!(payer = %wallets.wallet.address(), limit = budget.limit, max_per_request = budget.max_per_request, "soul wallet ready");
    paywall.set_ready(facilitator, wallets.wallet.address(), name);
}

#[derive(Clone)]
struct Ctx {
    paywall: Arc<Paywall>,
    name: String,
}

/// Routes: the demo handler, facilitator API, discovery, payments list; and the paywall layer to
/// apply around the whole gateway with [`layer`].
pub fn router(
    paywall: Arc<Paywall>,
    served: Vec<(Method, String, Value)>,
    token: Arc<AdminToken>,
    name: String,
) -> Router {
    let ctx = Ctx { paywall, name };
    let admin = Router::new()
        .route("/facilitator/verify", post(verify))
        .route("/facilitator/settle", post(settle))
        .route("/payments", get(list))
        .route_layer(mw::from_fn_with_state(token, crate::admin::require_admin));
    let mut router = Router::new();
    for (method, path, body) in served {
        let filter = MethodFilter::try_from(method).unwrap_or(MethodFilter::GET);
        router = router.route(
            &path,
            on(filter, move |payment: Option<Extension<PaymentInfo>>| {
                let body = body.clone();
                async move {
                    let (payer, tx) = paid_by(payment);
                    Json(json!({"data": body, "payer": payer, "transaction": tx}))
                }
            }),
        );
    }
    router
        .route(DEMO_PATH, get(hello))
        .route("/facilitator/supported", get(supported))
        .route("/discovery/resources", get(discovery))
        .merge(admin)
        .with_state(ctx)
}

/// Wraps `app` in the paywall.
pub fn layer(app: Router, paywall: Arc<Paywall>) -> Router {
    app.layer(mw::from_fn_with_state(paywall, paywall::middleware))
}

fn not_ready() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({"error": "payments_not_ready", "message": "the node's wallet or chain is not ready yet"})),
    )
        .into_response()
}

fn paid_by(payment: Option<Extension<PaymentInfo>>) -> (Option<String>, Option<String>) {
    match payment {
        Some(Extension(p)) => (Some(p.payer), p.settlement.map(|s| s.transaction)),
        None => (None, None),
    }
}

async fn hello(State(c): State<Ctx>, payment: Option<Extension<PaymentInfo>>) -> Json<Value> {
    let (payer, tx) = paid_by(payment);
    Json(json!({
        "message": format!("hello from {}", c.name),
        "payer": payer,
        "transaction": tx,
    }))
}

async fn supported(State(c): State<Ctx>) -> Response {
    match c.paywall.facilitator() {
        Some(f) => Json(f.supported()).into_response(),
        None => not_ready(),
    }
}

fn parse_request(body: &[u8]) -> Result<FacilitatorRequest, Box<Response>> {
    serde_json::from_slice(body).map_err(|e| {
        Box::new(
            (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": "invalid_request", "message": e.to_string()})),
            )
                .into_response(),
        )
    })
}

async fn verify(State(c): State<Ctx>, body: axum::body::Bytes) -> Response {
    let Some(f) = c.paywall.facilitator() else {
        return not_ready();
    };
    let req = match parse_request(&body) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    let v = f.verify(&req).await;
    let status = if v.invalid_reason.as_deref()
        == Some(x402_payments::reasons::PERMIT2_ALLOWANCE_REQUIRED)
    {
        StatusCode::PRECONDITION_FAILED
    } else {
        StatusCode::OK
    };
    (status, Json(v)).into_response()
}

async fn settle(State(c): State<Ctx>, body: axum::body::Bytes) -> Response {
    let Some(f) = c.paywall.facilitator() else {
        return not_ready();
    };
    let req = match parse_request(&body) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    let resource = req.payment_payload.resource.as_ref().map(|r| r.url.clone());
    Json(f.settle(&req, resource).await).into_response()
}

#[derive(Deserialize)]
struct DiscoveryQuery {
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn discovery(State(c): State<Ctx>, Query(q): Query<DiscoveryQuery>) -> Response {
    let limit = q.limit.unwrap_or(20).clamp(1, 100);
    Json(c.paywall.discovery(limit, q.offset.unwrap_or(0))).into_response()
}

async fn list(State(c): State<Ctx>) -> Response {
    let Some(f) = c.paywall.facilitator() else {
        return not_ready();
    };
    match f.store().list() {
        Ok(records) => Json(json!({"payments": records})).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": e.to_string()})),
        )
            .into_response(),
    }
}
