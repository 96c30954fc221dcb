//! x402 v2 JSON types, with the exact field names of the specification (camelCase) and every
//! integer as a decimal string.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The protocol version this crate speaks.
pub const X402_VERSION: u32 = 2;

/// What a resource is (`PaymentRequired.resource`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceInfo {
    /// Absolute URL of the resource.
    pub url: String,
    /// Human description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// MIME type of the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
}

/// One way to pay for a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRequirements {
    /// Scheme, e.g. `exact`.
    pub scheme: String,
    /// CAIP-2 network, e.g. `eip155:42431`.
    pub network: String,
    /// Atomic units, decimal string.
    pub amount: String,
    /// Token address.
    pub asset: String,
    /// Recipient address.
    pub pay_to: String,
    /// Validity budget of an authorization, seconds.
    pub max_timeout_seconds: u64,
    /// Scheme-specific data; always emitted (`{}` at minimum).
    #[serde(default)]
    pub extra: Map<String, Value>,
    /// Dollar price (`"$0.001"`): the legacy `tempo-tip20` clients require it on every entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    /// Address a `tempo-tip20` payer must approve (legacy field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator_address: Option<String>,
}

impl PaymentRequirements {
    /// Whether `other` is the same requirement: every field equal, addresses compared without
    /// regard to case (what a client echoes in `accepted` must be what was advertised); the
    /// informative legacy fields `price` and `facilitatorAddress` are not compared.
    pub fn same_as(&self, other: &PaymentRequirements) -> bool {
        self.scheme == other.scheme
            && self.network == other.network
            && self.amount == other.amount
            && self.asset.eq_ignore_ascii_case(&other.asset)
            && self.pay_to.eq_ignore_ascii_case(&other.pay_to)
            && self.max_timeout_seconds == other.max_timeout_seconds
            && self.extra == other.extra
    }

    /// `extra.assetTransferMethod`, if any.
    pub fn transfer_method(&self) -> Option<&str> {
        self.extra
            .get("assetTransferMethod")
            .and_then(Value::as_str)
    }
}

/// The challenge of a 402 (`PAYMENT-REQUIRED`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRequired {
    /// Always 2.
    pub x402_version: u32,
    /// Why the previous payment (if any) was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The resource.
    pub resource: ResourceInfo,
    /// Accepted ways to pay.
    pub accepts: Vec<PaymentRequirements>,
    /// Extensions (`bazaar`, `eip2612GasSponsoring`, `payment-identifier`).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extensions: Map<String, Value>,
}

/// A payment (`PAYMENT-SIGNATURE`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPayload {
    /// 2 (1 for the legacy scheme).
    pub x402_version: u32,
    /// The resource paid for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceInfo>,
    /// Copy of the chosen requirement.
    pub accepted: PaymentRequirements,
    /// Scheme-specific payload.
    pub payload: Value,
    /// Extensions echoed and completed by the client.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extensions: Map<String, Value>,
}

impl PaymentPayload {
    /// `extensions[key].info`, if present.
    pub fn extension_info(&self, key: &str) -> Option<&Value> {
        self.extensions.get(key).and_then(|e| e.get("info"))
    }
}

/// Body of `POST /verify` and `POST /settle`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FacilitatorRequest {
    /// Protocol version.
    pub x402_version: u32,
    /// The payment.
    pub payment_payload: PaymentPayload,
    /// The requirement it must satisfy.
    pub payment_requirements: PaymentRequirements,
}

/// Result of a verification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyResponse {
    /// Whether the payment is valid.
    pub is_valid: bool,
    /// Standard reason when not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid_reason: Option<String>,
    /// Human detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid_message: Option<String>,
    /// Payer address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<String>,
}

impl VerifyResponse {
    /// A valid payment by `payer`.
    pub fn valid(payer: impl Into<String>) -> Self {
        VerifyResponse {
            is_valid: true,
            invalid_reason: None,
            invalid_message: None,
            payer: Some(payer.into()),
        }
    }

    /// An invalid payment.
    pub fn invalid(reason: &str, message: impl Into<String>, payer: Option<String>) -> Self {
        VerifyResponse {
            is_valid: false,
            invalid_reason: Some(reason.to_string()),
            invalid_message: Some(message.into()),
            payer,
        }
    }
}

/// Result of a settlement (`PAYMENT-RESPONSE`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettleResponse {
    /// Whether the funds moved.
    pub success: bool,
    /// Standard reason when not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_reason: Option<String>,
    /// Human detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Payer address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<String>,
    /// Transaction hash (`""` on failure).
    pub transaction: String,
    /// CAIP-2 network.
    pub network: String,
    /// Amount settled, atomic units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

impl SettleResponse {
    /// A failed settlement.
    pub fn failed(
        reason: &str,
        message: impl Into<String>,
        network: impl Into<String>,
        payer: Option<String>,
    ) -> Self {
        SettleResponse {
            success: false,
            error_reason: Some(reason.to_string()),
            error_message: Some(message.into()),
            payer,
            transaction: String::new(),
            network: network.into(),
            amount: None,
        }
    }
}

/// One kind of payment a facilitator settles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SupportedKind {
    /// Protocol version.
    pub x402_version: u32,
    /// Scheme.
    pub scheme: String,
    /// CAIP-2 network.
    pub network: String,
    /// Scheme-specific data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<Value>,
}

/// `GET /supported`: all three fields always present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportedResponse {
    /// Kinds.
    pub kinds: Vec<SupportedKind>,
    /// Extensions understood.
    pub extensions: Vec<String>,
    /// Signer addresses per CAIP-2 family.
    pub signers: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_names_and_decimal_strings() {
        let r = PaymentRequirements {
            scheme: "exact".into(),
            network: "eip155:42431".into(),
            amount: "1000".into(),
            asset: "0x20c0000000000000000000000000000000000000".into(),
            pay_to: "0x00000000000000000000000000000000000000aa".into(),
            max_timeout_seconds: 60,
            extra: Map::new(),
            price: None,
            facilitator_address: None,
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["payTo"], "0x00000000000000000000000000000000000000aa");
        assert_eq!(v["maxTimeoutSeconds"], 60);
        assert_eq!(v["amount"], "1000");
        assert_eq!(v["extra"], json!({}), "extra is always emitted");
        let s = SettleResponse::failed("permit2_invalid_nonce", "used", "eip155:42431", None);
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["transaction"], "");
        assert_eq!(v["errorReason"], "permit2_invalid_nonce");
        assert_eq!(v["success"], false);
        let vr = VerifyResponse::invalid("x", "y", Some("0xab".into()));
        let v = serde_json::to_value(&vr).unwrap();
        assert_eq!(v["isValid"], false);
        assert_eq!(v["invalidReason"], "x");
    }

    #[test]
    fn requirement_equality_ignores_address_case_only() {
        let a = PaymentRequirements {
            scheme: "exact".into(),
            network: "eip155:42431".into(),
            amount: "1000".into(),
            asset: "0xABCDEF0000000000000000000000000000000000".into(),
            pay_to: "0x00000000000000000000000000000000000000aa".into(),
            max_timeout_seconds: 60,
            extra: json!({"assetTransferMethod": "permit2"})
                .as_object()
                .unwrap()
                .clone(),
            price: None,
            facilitator_address: None,
        };
        let mut b = a.clone();
        b.asset = b.asset.to_lowercase();
        assert!(a.same_as(&b));
        b.amount = "1001".into();
        assert!(!a.same_as(&b));
        let mut c = a.clone();
        c.extra.insert("name".into(), json!("x"));
        assert!(!a.same_as(&c));
        assert_eq!(a.transfer_method(), Some("permit2"));
    }
}
