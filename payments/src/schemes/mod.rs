//! Payment schemes: what a payer signs, what the facilitator checks, what it sends.
//!
//! - [`exact`]: x402 `exact` with `assetTransferMethod: "permit2"` (interoperable).
//! - [`sponsoring`]: the `eip2612GasSponsoring` extension (TIP-20 `permit` for Permit2).
//! - [`tempo_tip20`]: the reference system's legacy scheme (`transferFrom` after approval).

pub mod exact;
pub mod sponsoring;
pub mod tempo_tip20;

/// A rejected payment: a standard reason string and a human message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Standard reason (see [`crate::reasons`]).
    pub reason: &'static str,
    /// Detail for humans.
    pub message: String,
}

impl Reject {
    /// A rejection.
    pub fn new(reason: &'static str, message: impl Into<String>) -> Reject {
        Reject {
            reason,
            message: message.into(),
        }
    }
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Parses a decimal-string uint256.
pub(crate) fn dec_u256(s: &str, what: &str) -> Result<alloy::primitives::U256, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{what} must be a decimal string, got {s:?}"));
    }
    alloy::primitives::U256::from_str_radix(s, 10).map_err(|e| format!("{what}: {e}"))
}

/// Parses an address.
pub(crate) fn addr(s: &str, what: &str) -> Result<alloy::primitives::Address, String> {
    s.parse()
        .map_err(|_| format!("{what} is not an address: {s:?}"))
}

/// Parses a 65-byte r‖s‖v ECDSA signature, rejecting high-s (EIP-2).
pub(crate) fn parse_signature(hex: &str) -> Result<alloy::primitives::Signature, String> {
    let bytes: alloy::primitives::Bytes = hex
        .parse()
        .map_err(|_| "signature is not 0x-hex".to_string())?;
    if bytes.len() != 65 {
        return Err(format!("signature is {} bytes, expected 65", bytes.len()));
    }
    let v = bytes[64];
    if !matches!(v, 0 | 1 | 27 | 28) {
        return Err(format!("signature v = {v}"));
    }
    let sig = alloy::primitives::Signature::from_raw(&bytes).map_err(|e| e.to_string())?;
    if sig.normalize_s().is_some() {
        return Err("signature has a high s value (EIP-2)".into());
    }
    Ok(sig)
}
