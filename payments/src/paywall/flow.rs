//! The middleware, in three steps: [`Exchange::decode`] (the payment header, matched to an
//! advertised requirement), [`Exchange::verify`] (a settled-but-unserved payment to redeem, or
//! the facilitator's check) and [`Exchange::settle`] (reserve, then settle before or after the
//! handler). Each step ends early with an [`Outcome`]; [`finish`] builds every response.

use std::net::IpAddr;
use std::sync::Arc;

use alloy::primitives::{Address, B256};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Map, Value};

use super::finish::{Outcome, finish};
use super::{PaidRoute, PaymentInfo, Paywall, Ready, SettleTiming};
use crate::facilitator::{Redemption, Verified};
use crate::guard;
use crate::headers::{self, HeaderError};
use crate::reasons as r;
use crate::schemes::tempo_tip20;
use crate::store::Record;
use crate::types::{FacilitatorRequest, PaymentPayload, PaymentRequirements, X402_VERSION};

/// The middleware: `axum::middleware::from_fn_with_state(paywall, paywall::middleware)`.
pub async fn middleware(State(p): State<Arc<Paywall>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if req.method() == Method::OPTIONS && p.sells(&path) {
        return finish(Outcome::Preflight, false);
    }
    let Some(route) = p.find(req.method(), &path) else {
        return next.run(req).await;
    };
    let Some(ready) = p.ready.get() else {
        return finish(Outcome::NotReady, false);
    };
    let mut exchange = Exchange {
        accepts: p.requirements_of(ready, &route),
        paywall: &p,
        ready,
        route,
        path,
        v1: false,
    };
    let outcome = exchange.serve(req, next).await;
    finish(outcome, exchange.v1)
}

/// One paid request on its way through the paywall.
struct Exchange<'a> {
    paywall: &'a Paywall,
    ready: &'a Ready,
    route: PaidRoute,
    /// What the route accepts now.
    accepts: Vec<PaymentRequirements>,
    /// The request path (without the query).
    path: String,
    /// The payment came in the v1 header `X-PAYMENT`.
    v1: bool,
}

/// A decoded payment, matched to one of the route's requirements.
struct Decoded {
    request: FacilitatorRequest,
    requirement: PaymentRequirements,
    /// The guard's key of the header (its cached verdict).
    key: B256,
    ip: Option<IpAddr>,
}

/// A payment the facilitator accepts.
enum Accepted {
    /// Settled earlier and never served: served once after redeeming it.
    Redeemable(Box<Record>),
    /// Verified, not yet settled.
    Fresh(Box<Verified>),
}

impl Exchange<'_> {
    async fn serve(&mut self, mut req: Request, next: Next) -> Outcome {
        let decoded = match self.decode(&req) {
            Ok(d) => d,
            Err(outcome) => return outcome,
        };
        let accepted = match self.verify(&decoded).await {
            Ok(a) => a,
            Err(outcome) => return outcome,
        };
        if let Err(outcome) = self.reserve(&mut req).await {
            return outcome;
        }
        self.settle(decoded, accepted, req, next).await
    }

    /// A 402 (or `status`) challenge of the route naming `error`.
    fn refuse(&self, status: StatusCode, error: Option<String>) -> Outcome {
        Outcome::Challenge {
            status,
            challenge: Box::new(self.paywall.challenge_of(
                &self.route,
                self.accepts.clone(),
                error,
            )),
            settlement: None,
        }
    }

    /// The payment header, decoded and matched to an advertised requirement; rate limits and the
    /// guard's cached verdicts apply first.
    fn decode(&mut self, req: &Request) -> Result<Decoded, Outcome> {
        let (value, v1) = match (
            req.headers().get(headers::PAYMENT_SIGNATURE),
            req.headers().get(headers::X_PAYMENT),
        ) {
            (Some(v), _) => (v, false),
            (None, Some(v)) => (v, true),
            (None, None) => return Err(self.refuse(StatusCode::PAYMENT_REQUIRED, None)),
        };
        self.v1 = v1;
        let guard = &self.paywall.guard;
        let ip = req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        if guard.limited(ip, None) {
            return Err(Outcome::RateLimited);
        }
        let key = guard::key(value.to_str().unwrap_or_default());
        if let Some((status, reason)) = guard.cached(&key) {
            return Err(self.refuse(status, Some(reason)));
        }
        let payment = match decode_payment(value, v1, &self.accepts) {
            Ok(Some(p)) => p,
            Ok(None) => {
                return Err(self.refuse(
                    StatusCode::PAYMENT_REQUIRED,
                    Some(
                        "no advertised requirement matches the v1 payment's scheme and network"
                            .into(),
                    ),
                ));
            }
            Err(e) => return Err(Outcome::InvalidPayload(e)),
        };
        let Some(requirement) = self
            .accepts
            .iter()
            .find(|a| a.same_as(&payment.accepted))
            .cloned()
        else {
            return Err(self.refuse(
                StatusCode::PAYMENT_REQUIRED,
                Some("`accepted` does not match any advertised requirement".into()),
            ));
        };
        let request = FacilitatorRequest {
            x402_version: X402_VERSION,
            payment_payload: payment,
            payment_requirements: requirement.clone(),
        };
        if guard.limited(None, claimed_payer(&request.payment_payload)) {
            return Err(Outcome::RateLimited);
        }
        Ok(Decoded {
            request,
            requirement,
            key,
            ip,
        })
    }

    /// A settled-but-unserved payment to redeem, or the facilitator's verdict on a new one (a
    /// rejection counts against the client and the payer).
    async fn verify(&self, d: &Decoded) -> Result<Accepted, Outcome> {
        let facilitator = &self.ready.facilitator;
        let resource_url = self.paywall.resource(&self.route).url;
        // A payment that settled but was never served (its receipt came late) is served once.
        match facilitator.redemption(&d.request, &resource_url).await {
            Redemption::Fresh => {}
            // Not cached: the same header may still redeem on the route it paid for.
            Redemption::Refused(reject, _) => {
                return Err(self.refuse(
                    StatusCode::PAYMENT_REQUIRED,
                    Some(reject.reason.to_string()),
                ));
            }
            Redemption::Redeemable(record) => return Ok(Accepted::Redeemable(record)),
        }
        match facilitator.check(&d.request).await {
            Ok(v) => Ok(Accepted::Fresh(Box::new(v))),
            Err((reject, payer)) => {
                let status = if reject.reason == r::PERMIT2_ALLOWANCE_REQUIRED {
                    StatusCode::PRECONDITION_FAILED
                } else {
                    StatusCode::PAYMENT_REQUIRED
                };
                self.paywall
                    .guard
                    .rejected(d.key, d.ip, payer, status, reject.reason);
                Err(self.refuse(status, Some(reject.reason.to_string())))
            }
        }
    }

    /// Reserves what the handler needs ([`super::RoutePricer::reserve`]) into the request's
    /// extensions, before any money moves; `Err` is the 503 (nothing charged).
    async fn reserve(&self, req: &mut Request) -> Result<(), Outcome> {
        let reserved = match &self.paywall.pricer {
            Some(pricer) => pricer.reserve(req.method(), &self.path).await,
            None => Ok(None),
        };
        match reserved {
            Ok(Some(reservation)) => {
                req.extensions_mut().insert(reservation);
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(busy) => Err(Outcome::Busy(busy)),
        }
    }

    /// Settles and runs the handler: a redeemed payment is served at once; a fresh one settles
    /// before the handler, or (settle-after) is claimed, runs the handler and settles only if it
    /// succeeded.
    async fn settle(
        &self,
        d: Decoded,
        accepted: Accepted,
        mut req: Request,
        next: Next,
    ) -> Outcome {
        let facilitator = &self.ready.facilitator;
        let resource = Some(self.paywall.resource(&self.route).url);
        let failed = |settlement: crate::types::SettleResponse| Outcome::Challenge {
            status: StatusCode::PAYMENT_REQUIRED,
            challenge: Box::new(self.paywall.challenge_of(
                &self.route,
                self.accepts.clone(),
                settlement.error_reason.clone(),
            )),
            settlement: Some(Box::new(settlement)),
        };
        let verified = match accepted {
            Accepted::Redeemable(record) => {
                let settlement = match facilitator.redeem(&record).await {
                    Ok(s) => s,
                    Err(reject) => {
                        return self.refuse(
                            StatusCode::PAYMENT_REQUIRED,
                            Some(reject.reason.to_string()),
                        );
                    }
                };
                tracing::info!(id = %record.id, "served a settled payment once (redeemed)");
                req.extensions_mut().insert(PaymentInfo {
                    payer: record.payer.clone(),
                    requirement: d.requirement,
                    settlement: Some(settlement.clone()),
                });
                return Outcome::Served {
                    response: Box::new(next.run(req).await),
                    settlement: Box::new(settlement),
                };
            }
            Accepted::Fresh(v) => *v,
        };
        let payer = verified.payer.to_string();
        match self.route.settle {
            SettleTiming::Before => {
                let settlement = facilitator.execute(verified, resource).await;
                if !settlement.success {
                    return failed(settlement);
                }
                req.extensions_mut().insert(PaymentInfo {
                    payer,
                    requirement: d.requirement,
                    settlement: Some(settlement.clone()),
                });
                Outcome::Served {
                    response: Box::new(next.run(req).await),
                    settlement: Box::new(settlement),
                }
            }
            SettleTiming::After => {
                // Claim the payment id first: a duplicate of this payment is refused from now on
                // and never runs the handler.
                let claimed = match facilitator.claim(&verified, resource).await {
                    Ok(c) => c,
                    Err(settlement) => return failed(settlement),
                };
                req.extensions_mut().insert(PaymentInfo {
                    payer,
                    requirement: d.requirement,
                    settlement: None,
                });
                let response = next.run(req).await;
                if !response.status().is_success() {
                    // Never charge for a failed handler; nothing was sent, so the claim is
                    // dropped.
                    facilitator.release(claimed).await;
                    return Outcome::Unpaid(Box::new(response));
                }
                // Re-verify right before sending: the payer may have moved funds meanwhile.
                let settlement = match facilitator.recheck(&d.request).await {
                    Ok(v) => facilitator.settle_claimed(v, claimed).await,
                    Err((reject, payer)) => {
                        facilitator.release(claimed).await;
                        crate::types::SettleResponse::failed(
                            reject.reason,
                            reject.message,
                            facilitator.network().to_string(),
                            payer.map(|a| a.to_string()),
                        )
                    }
                };
                if !settlement.success {
                    return failed(settlement);
                }
                Outcome::Served {
                    response: Box::new(response),
                    settlement: Box::new(settlement),
                }
            }
        }
    }
}

/// The v1 payment shape (`X-PAYMENT`): `{x402Version: 1, scheme, network, payload}`.
#[derive(serde::Deserialize)]
struct V1Payment {
    scheme: String,
    network: String,
    payload: Value,
}

/// Decodes the payment header into a v2 payload (v1 payloads are matched to the advertised
/// requirement by scheme and network).
fn decode_payment(
    value: &HeaderValue,
    v1: bool,
    accepts: &[PaymentRequirements],
) -> Result<Option<PaymentPayload>, HeaderError> {
    let Ok(value) = value.to_str() else {
        return Err(HeaderError::Base64("non-ASCII header value".into()));
    };
    match headers::decode::<PaymentPayload>(value) {
        Ok(p) => Ok(Some(p)),
        Err(HeaderError::Shape(e)) if v1 => {
            let old: V1Payment = headers::decode(value).map_err(|_| HeaderError::Shape(e))?;
            Ok(accepts
                .iter()
                .find(|a| a.scheme == old.scheme && a.network == old.network)
                .map(|a| PaymentPayload {
                    x402_version: X402_VERSION,
                    resource: None,
                    accepted: a.clone(),
                    payload: old.payload,
                    extensions: Map::new(),
                }))
        }
        // A reference `tempo-tip20` client: `{x402Version, payload}` without `accepted`.
        Err(HeaderError::Shape(e)) => {
            let legacy = tempo_tip20::decode_header(value).ok_or(HeaderError::Shape(e))?;
            Ok(accepts
                .iter()
                .find(|a| a.scheme == tempo_tip20::SCHEME)
                .map(|a| legacy.into_payment(a.clone())))
        }
        Err(e) => Err(e),
    }
}

/// The payer a payment claims to come from (unverified: only used to look up its limit, which
/// only verified rejections raise).
fn claimed_payer(payment: &PaymentPayload) -> Option<Address> {
    let p = &payment.payload;
    p.get("permit2Authorization")
        .and_then(|a| a.get("from"))
        .or_else(|| p.get("from"))
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
}
