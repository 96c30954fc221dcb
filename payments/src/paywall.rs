//! Axum middleware that puts routes behind HTTP 402: challenge, payment selection, verify,
//! settle (before the handler by default, or after a successful handler), `PAYMENT-RESPONSE`.
//!
//! Never charge without serving: what the handler needs (e.g. a cartridge execution slot) is
//! reserved through [`RoutePricer::reserve`] **before** the payment settles, and a busy node
//! answers 503 without settling. Settle-after routes claim the payment id before the handler
//! runs, so duplicates of one payment never run it twice; a failed handler releases the claim.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};

use alloy::primitives::Address;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use serde_json::{Map, Value, json};

use crate::facilitator::Facilitator;
use crate::guard::{Guard, RejectLimits};
use crate::onchain::PATH_USD;
use crate::price::Price;
use crate::schemes::{exact, sponsoring, tempo_tip20};
use crate::types::{
    PaymentRequired, PaymentRequirements, ResourceInfo, SettleResponse, X402_VERSION,
};

mod finish;
mod flow;

pub use flow::middleware;

/// When a paid route settles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettleTiming {
    /// Verify and settle, then run the handler (default: no work without payment).
    #[default]
    Before,
    /// Verify, run the handler, settle only if it succeeded (2xx).
    After,
}

/// A route behind the paywall (builder style).
#[derive(Debug, Clone)]
pub struct PaidRoute {
    method: Method,
    path: String,
    price: Price,
    description: String,
    mime_type: String,
    pay_to: Option<Address>,
    settle: SettleTiming,
    output_example: Option<Value>,
}

impl PaidRoute {
    /// `method path` costs `price`.
    pub fn new(method: Method, path: impl Into<String>, price: Price) -> Self {
        PaidRoute {
            method,
            path: path.into(),
            price,
            description: String::new(),
            mime_type: "application/json".into(),
            pay_to: None,
            settle: SettleTiming::Before,
            output_example: None,
        }
    }

    /// Description shown to payers and in discovery.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = d.into();
        self
    }

    /// MIME type of the response.
    pub fn mime_type(mut self, m: impl Into<String>) -> Self {
        self.mime_type = m.into();
        self
    }

    /// Recipient other than the node's wallet.
    pub fn pay_to(mut self, a: Option<Address>) -> Self {
        self.pay_to = a;
        self
    }

    /// Settlement timing.
    pub fn settle(mut self, s: SettleTiming) -> Self {
        self.settle = s;
        self
    }

    /// Example response for the bazaar `output`.
    pub fn output_example(mut self, v: Option<Value>) -> Self {
        self.output_example = v;
        self
    }

    /// Method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Price.
    pub fn price(&self) -> Price {
        self.price
    }
}

/// What a handler behind the paywall learns about the payment (a request extension).
#[derive(Debug, Clone)]
pub struct PaymentInfo {
    /// Payer.
    pub payer: String,
    /// The requirement paid.
    pub requirement: PaymentRequirements,
    /// The settlement (absent in settle-after mode: it happens after the handler).
    pub settlement: Option<SettleResponse>,
}

/// A resource reserved for a paid request before its payment settles (e.g. an execution slot),
/// handed to the handler as a request extension; the handler takes it out once.
#[derive(Clone)]
pub struct Reservation(Arc<Mutex<Option<Box<dyn Any + Send>>>>);

impl std::fmt::Debug for Reservation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reservation")
    }
}

impl Reservation {
    /// Wraps `value`.
    pub fn new<T: Any + Send>(value: T) -> Self {
        Reservation(Arc::new(Mutex::new(Some(Box::new(value)))))
    }

    /// Takes the reserved value out (`None` if already taken or of another type).
    pub fn take<T: Any>(&self) -> Option<T> {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match slot.take()?.downcast::<T>() {
            Ok(value) => Some(*value),
            Err(other) => {
                *slot = Some(other);
                None
            }
        }
    }
}

/// A paid request cannot be served now (nothing is settled; the client answer is 503).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct Busy(pub String);

/// What [`RoutePricer::reserve`] returns.
pub type Reserving<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Reservation>, Busy>> + Send + 'a>>;

/// Prices requests the static route list does not know, looked up on every request (e.g. the
/// node's cartridges, whose price changes when one is deployed, rolled back or deleted).
///
/// The paywall asks the static routes first, then the pricer. Answer `None` for anything that
/// must reach its handler unpaid: free resources, and resources that do not exist (so a missing
/// resource answers 404 without ever asking for money).
pub trait RoutePricer: Send + Sync {
    /// The paid route serving `method path` (the request path, without the query) right now.
    fn route(&self, method: &Method, path: &str) -> Option<PaidRoute>;

    /// Reserves what serving a verified paid request to `method path` needs (static routes
    /// too), before its payment settles; the reservation reaches the handler as a request
    /// extension. [`Busy`] answers 503 and nothing is settled. Default: nothing to reserve.
    fn reserve<'a>(&'a self, _method: &'a Method, _path: &'a str) -> Reserving<'a> {
        Box::pin(std::future::ready(Ok(None)))
    }
}

struct Ready {
    facilitator: Arc<Facilitator>,
    pay_to: Address,
    token_name: String,
}

/// The paywall: routes, base URL, and the facilitator once the wallet is unlocked.
pub struct Paywall {
    routes: Vec<PaidRoute>,
    pricer: Option<Arc<dyn RoutePricer>>,
    base_url: String,
    max_timeout_seconds: u64,
    ready: OnceLock<Ready>,
    guard: Guard,
}

impl std::fmt::Debug for Paywall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paywall")
            .field("routes", &self.routes.len())
            .field("pricer", &self.pricer.is_some())
            .field("base_url", &self.base_url)
            .field("ready", &self.ready.get().is_some())
            .finish()
    }
}

impl Paywall {
    /// A paywall for `routes` of the gateway at `base_url`.
    pub fn new(base_url: impl Into<String>, routes: Vec<PaidRoute>) -> Self {
        Paywall {
            routes,
            pricer: None,
            base_url: base_url.into().trim_end_matches('/').to_string(),
            max_timeout_seconds: 300,
            ready: OnceLock::new(),
            guard: Guard::new(RejectLimits::default()),
        }
    }

    /// Limits on rejected payments (default [`RejectLimits::default`]).
    pub fn reject_limits(mut self, limits: RejectLimits) -> Self {
        self.guard = Guard::new(limits);
        self
    }

    /// Also sells what `pricer` prices, per request (after the static routes).
    pub fn with_pricer(mut self, pricer: Arc<dyn RoutePricer>) -> Self {
        self.pricer = Some(pricer);
        self
    }

    /// Enables payments: `facilitator` settles to `pay_to` (default recipient) in the token
    /// whose EIP-712 name is `token_name`. Only the first call counts.
    pub fn set_ready(&self, facilitator: Arc<Facilitator>, pay_to: Address, token_name: String) {
        let _ = self.ready.set(Ready {
            facilitator,
            pay_to,
            token_name,
        });
    }

    /// The facilitator, once ready.
    pub fn facilitator(&self) -> Option<&Arc<Facilitator>> {
        self.ready.get().map(|r| &r.facilitator)
    }

    /// The paid routes.
    pub fn routes(&self) -> &[PaidRoute] {
        &self.routes
    }

    /// The route paid for `method path`: a static route, else what the pricer says now. A
    /// route priced `$0` is free: it is served like a route that is not sold, never with a 402.
    fn find(&self, method: &Method, path: &str) -> Option<PaidRoute> {
        let fixed = self.routes.iter().find(|r| {
            r.path == path
                && (r.method == method || (method == Method::HEAD && r.method == Method::GET))
        });
        match fixed {
            Some(route) => Some(route.clone()),
            None => self.pricer.as_ref()?.route(method, path),
        }
        .filter(|route| !route.price.is_free())
    }

    /// Whether `path` is sold under any method (CORS preflight).
    fn sells(&self, path: &str) -> bool {
        self.routes
            .iter()
            .any(|r| r.path == path && !r.price.is_free())
            || [Method::GET, Method::POST].iter().any(|m| {
                self.pricer
                    .as_ref()
                    .is_some_and(|p| p.route(m, path).is_some_and(|r| !r.price.is_free()))
            })
    }

    /// What `route` accepts (None until ready).
    pub fn requirements(&self, route: &PaidRoute) -> Option<Vec<PaymentRequirements>> {
        Some(self.requirements_of(self.ready.get()?, route))
    }

    /// What `route` accepts with the facilitator of `ready`.
    fn requirements_of(&self, ready: &Ready, route: &PaidRoute) -> Vec<PaymentRequirements> {
        let mut extra = Map::new();
        extra.insert("assetTransferMethod".into(), json!(exact::METHOD));
        extra.insert("name".into(), json!(ready.token_name));
        extra.insert("version".into(), json!("1"));
        let network = ready.facilitator.network();
        let pay_to = route.pay_to.unwrap_or(ready.pay_to);
        // `exact` first (standard clients take the first they support), then the legacy scheme
        // (its clients pick `tempo-tip20` and need `price` on every entry to parse the body).
        vec![
            PaymentRequirements {
                scheme: exact::SCHEME.into(),
                network: network.to_string(),
                amount: route.price.units().to_string(),
                asset: PATH_USD.to_string(),
                pay_to: pay_to.to_string(),
                max_timeout_seconds: self.max_timeout_seconds,
                extra,
                price: Some(route.price.to_string()),
                facilitator_address: None,
            },
            tempo_tip20::requirement(
                network,
                route.price.units(),
                PATH_USD,
                pay_to,
                ready.facilitator.signer(),
                route.price.to_string(),
            ),
        ]
    }

    /// The resource description of `route`.
    pub fn resource(&self, route: &PaidRoute) -> ResourceInfo {
        ResourceInfo {
            url: format!("{}{}", self.base_url, route.path),
            description: (!route.description.is_empty()).then(|| route.description.clone()),
            mime_type: Some(route.mime_type.clone()),
        }
    }

    /// The bazaar extension of `route`.
    pub fn bazaar(&self, route: &PaidRoute) -> Value {
        let input = if matches!(route.method, Method::POST | Method::PUT | Method::PATCH) {
            json!({"type": "http", "method": route.method.as_str(), "bodyType": "json", "body": {}})
        } else {
            json!({"type": "http", "method": route.method.as_str(), "queryParams": {}})
        };
        let mut info = json!({ "input": input });
        if let Some(example) = &route.output_example {
            info["output"] = json!({"type": "json", "example": example});
        }
        json!({
            "info": info,
            "schema": {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "properties": {
                    "input": {"type": "object", "properties": {
                        "type": {"const": "http"},
                        "method": {"enum": ["GET", "HEAD", "DELETE", "POST", "PUT", "PATCH"]}
                    }, "required": ["type", "method"]},
                    "output": {"type": "object"}
                },
                "required": ["input"]
            }
        })
    }

    /// The 402 challenge of `route`.
    pub fn challenge(&self, route: &PaidRoute, error: Option<String>) -> Option<PaymentRequired> {
        Some(self.challenge_of(route, self.requirements(route)?, error))
    }

    /// The 402 challenge of `route` accepting `accepts`.
    fn challenge_of(
        &self,
        route: &PaidRoute,
        accepts: Vec<PaymentRequirements>,
        error: Option<String>,
    ) -> PaymentRequired {
        let mut extensions = Map::new();
        extensions.insert("bazaar".into(), self.bazaar(route));
        extensions.insert(sponsoring::KEY.into(), sponsoring::advertised());
        PaymentRequired {
            x402_version: X402_VERSION,
            error,
            resource: self.resource(route),
            accepts,
            extensions,
        }
    }

    /// `GET /discovery/resources` body (Bazaar shape) for this node's paid routes.
    pub fn discovery(&self, limit: usize, offset: usize) -> Value {
        let items: Vec<Value> = self
            .routes
            .iter()
            .filter(|route| !route.price.is_free())
            .filter_map(|route| {
                let accepts = self.requirements(route)?;
                let resource = self.resource(route);
                Some(json!({
                    "resource": resource.url,
                    "type": "http",
                    "x402Version": X402_VERSION,
                    "accepts": accepts,
                    "lastUpdated": chrono_now(),
                    "metadata": {
                        "description": resource.description,
                        "mimeType": resource.mime_type,
                        "method": route.method.as_str(),
                        "price": route.price.to_string(),
                    },
                    "extensions": { "bazaar": self.bazaar(route) },
                }))
            })
            .collect();
        let total = items.len();
        let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
        json!({
            "x402Version": X402_VERSION,
            "items": page,
            "pagination": {"limit": limit, "offset": offset, "total": total},
        })
    }
}

fn chrono_now() -> String {
    // RFC 3339 without a date library: seconds since the epoch are enough for ordering, but the
    // Bazaar shape expects a timestamp string.
    let secs = crate::schemes::now_secs();
    let days = secs / 86_400;
    let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
}

/// CORS headers every paid response carries (browsers must read the payment headers).
pub fn add_cors(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("PAYMENT-REQUIRED, PAYMENT-RESPONSE, X-PAYMENT-RESPONSE"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("PAYMENT-SIGNATURE, X-PAYMENT, Content-Type, Authorization"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reservation_is_taken_once_and_only_as_its_type() {
        let r = Reservation::new(7u32);
        let copy = r.clone();
        assert_eq!(r.take::<String>(), None);
        assert_eq!(copy.take::<u32>(), Some(7));
        assert_eq!(r.take::<u32>(), None);
    }

    #[test]
    fn timestamp_is_rfc3339() {
        let t = chrono_now();
        assert_eq!(t.len(), 20);
        assert!(t.starts_with("20"));
        assert!(t.ends_with('Z'));
    }
}
