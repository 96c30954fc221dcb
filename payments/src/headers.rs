//! The payment headers: standard base64 (RFC 4648 alphabet, with padding) of JSON.
//!
//! | Header | Direction | Content |
//! |---|---|---|
//! | `PAYMENT-REQUIRED` | server → client (402) | [`PaymentRequired`](crate::types::PaymentRequired) |
//! | `PAYMENT-SIGNATURE` (v1: `X-PAYMENT`) | client → server | [`PaymentPayload`](crate::types::PaymentPayload) |
//! | `PAYMENT-RESPONSE` (v1: `X-PAYMENT-RESPONSE`) | server → client | [`SettleResponse`](crate::types::SettleResponse) |

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// v2 challenge header.
pub const PAYMENT_REQUIRED: &str = "payment-required";
/// v2 payment header.
pub const PAYMENT_SIGNATURE: &str = "payment-signature";
/// v1 payment header.
pub const X_PAYMENT: &str = "x-payment";
/// v2 settlement result header.
pub const PAYMENT_RESPONSE: &str = "payment-response";
/// v1 settlement result header.
pub const X_PAYMENT_RESPONSE: &str = "x-payment-response";

/// Largest header value accepted (64 KiB): a payment is a few hundred bytes.
pub const MAX_HEADER_LEN: usize = 64 * 1024;

/// Why a header could not be decoded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HeaderError {
    /// Empty value.
    #[error("the header is empty")]
    Empty,
    /// Longer than [`MAX_HEADER_LEN`].
    #[error("the header is {0} bytes long (limit {MAX_HEADER_LEN})")]
    TooLong(usize),
    /// Not standard base64 with padding.
    #[error("the header is not standard base64: {0}")]
    Base64(String),
    /// Decoded bytes are not UTF-8 JSON.
    #[error("the decoded header is not JSON: {0}")]
    Json(String),
    /// JSON of the wrong shape.
    #[error("the decoded JSON has the wrong shape: {0}")]
    Shape(String),
}

/// Encodes `value` as base64(JSON).
pub fn encode<T: Serialize>(value: &T) -> String {
    STANDARD.encode(serde_json::to_vec(value).expect("x402 types serialize"))
}

/// Decodes base64(JSON) into `T`, with a precise error for each way it can be wrong.
pub fn decode<T: DeserializeOwned>(header: &str) -> Result<T, HeaderError> {
    let header = header.trim();
    if header.is_empty() {
        return Err(HeaderError::Empty);
    }
    if header.len() > MAX_HEADER_LEN {
        return Err(HeaderError::TooLong(header.len()));
    }
    let bytes = STANDARD
        .decode(header)
        .map_err(|e| HeaderError::Base64(e.to_string()))?;
    let json: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| HeaderError::Json(e.to_string()))?;
    serde_json::from_value(json).map_err(|e| HeaderError::Shape(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::SettleResponse;

    #[test]
    fn round_trip_and_precise_errors() {
        let s = SettleResponse {
            success: true,
            error_reason: None,
            error_message: None,
            payer: Some("0xab".into()),
            transaction: "0x12".into(),
            network: "eip155:42431".into(),
            amount: Some("1000".into()),
        };
        let h = encode(&s);
        assert!(
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
        );
        assert_eq!(decode::<SettleResponse>(&h).unwrap(), s);
        assert_eq!(decode::<SettleResponse>(""), Err(HeaderError::Empty));
        assert!(matches!(
            decode::<SettleResponse>("not base64!"),
            Err(HeaderError::Base64(_))
        ));
        assert!(matches!(
            decode::<SettleResponse>(&STANDARD.encode("{nope")),
            Err(HeaderError::Json(_))
        ));
        assert!(matches!(
            decode::<SettleResponse>(&STANDARD.encode("{\"a\":1}")),
            Err(HeaderError::Shape(_))
        ));
        assert!(matches!(
            decode::<SettleResponse>(&"A".repeat(MAX_HEADER_LEN + 4)),
            Err(HeaderError::TooLong(_))
        ));
    }
}
