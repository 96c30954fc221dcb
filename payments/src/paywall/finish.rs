//! The one place the paywall builds its responses: every step ends in an [`Outcome`], and
//! [`finish`] turns it into HTTP (status, JSON body, payment headers, `no-store`, CORS).

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Busy, add_cors};
use crate::headers::{self, HeaderError};
use crate::types::{PaymentRequired, SettleResponse};

/// How a request to a paid route ends.
pub(super) enum Outcome {
    /// A CORS preflight of a sold path: 204 with the allowed methods.
    Preflight,
    /// The wallet or chain is not ready: 503, nothing asked.
    NotReady,
    /// Payment required (402, or 412 when a Permit2 allowance is missing), with the settlement
    /// attempted, if any.
    Challenge {
        /// 402 or 412.
        status: StatusCode,
        /// The challenge (body and `PAYMENT-REQUIRED`).
        challenge: Box<PaymentRequired>,
        /// The failed settlement (`PAYMENT-RESPONSE`).
        settlement: Option<Box<SettleResponse>>,
    },
    /// Too many rejected payments from this client or payer: 429.
    RateLimited,
    /// The payment header does not decode: 400.
    InvalidPayload(HeaderError),
    /// What the handler needs is not available: 503, nothing charged.
    Busy(Busy),
    /// The handler's response to a paid request, with its settlement.
    Served {
        /// The handler's response.
        response: Box<Response>,
        /// The settlement (`PAYMENT-RESPONSE`).
        settlement: Box<SettleResponse>,
    },
    /// The handler failed (settle-after): its response as is, nothing charged.
    Unpaid(Box<Response>),
}

/// The response of `outcome`; `v1` when the payment came in `X-PAYMENT` (the settlement is then
/// also sent as `X-PAYMENT-RESPONSE`).
pub(super) fn finish(outcome: Outcome, v1: bool) -> Response {
    match outcome {
        Outcome::Preflight => {
            let mut resp = StatusCode::NO_CONTENT.into_response();
            add_cors(resp.headers_mut());
            resp.headers_mut().insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
            );
            resp
        }
        Outcome::NotReady => simple(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"error": "payments_not_ready", "message": "the node's wallet or chain is not ready yet; retry shortly"}),
        ),
        Outcome::Challenge {
            status,
            challenge,
            settlement,
        } => {
            let mut resp = (status, axum::Json(&*challenge)).into_response();
            let h = resp.headers_mut();
            h.insert(
                headers::PAYMENT_REQUIRED,
                header_value(headers::encode(&*challenge)),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            add_cors(h);
            if let Some(s) = settlement {
                add_settlement(h, &s, v1);
            }
            resp
        }
        Outcome::RateLimited => {
            let mut resp = simple(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"error": "rate_limited", "message": "too many rejected payments from this client or payer; retry later"}),
            );
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            resp
        }
        Outcome::InvalidPayload(e) => simple(
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_payload", "message": e.to_string()}),
        ),
        Outcome::Busy(busy) => {
            let mut resp = simple(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"error": "busy", "message": format!("{busy}; nothing was charged, retry shortly")}),
            );
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            resp
        }
        Outcome::Served {
            response,
            settlement,
        } => {
            let mut response = *response;
            let h = response.headers_mut();
            add_settlement(h, &settlement, v1);
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            add_cors(h);
            response
        }
        Outcome::Unpaid(response) => {
            let mut response = *response;
            add_cors(response.headers_mut());
            response
        }
    }
}

/// A JSON body that is never cached, with CORS.
fn simple(status: StatusCode, body: Value) -> Response {
    let mut resp = (status, axum::Json(body)).into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    add_cors(resp.headers_mut());
    resp
}

/// A base64 header value (always visible ASCII).
fn header_value(s: String) -> HeaderValue {
    HeaderValue::from_str(&s).expect("base64 is a valid header value")
}

fn add_settlement(headers: &mut HeaderMap, s: &SettleResponse, v1: bool) {
    let value = header_value(headers::encode(s));
    if v1 {
        headers.insert(headers::X_PAYMENT_RESPONSE, value.clone());
    }
    headers.insert(headers::PAYMENT_RESPONSE, value);
}
