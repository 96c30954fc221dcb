//! Legacy `tempo-tip20` scheme of the reference system, so its existing clients can pay: the
//! payer signs an EIP-712 `PaymentAuthorization` (domain `x402-tempo`, version `1`, the token as
//! verifying contract), has approved the facilitator's address on the token beforehand, and the
//! facilitator settles with `transferFrom(from, payTo, value)` from its key.
//!
//! Wire format (v1 body with v2 header names): `PAYMENT-SIGNATURE: base64({"x402Version": 1,
//! "payload": {from, to, value, token, validAfter, validBefore, nonce, signature}})`, timestamps
//! as JSON numbers, `value` a decimal string, `nonce` 32 bytes hex. The signature is only checked
//! off chain; the ERC-20 allowance is what lets funds move, so the nonce is claimed before the
//! transfer and never released.

use alloy::primitives::{Address, B256, Bytes, U256};
use alloy::signers::SignerSync;
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::{Eip712Domain, SolCall, SolStruct};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{Reject, addr, dec_u256, parse_signature};
use crate::onchain::{ITip20Token, eip712};
use crate::reasons as r;
use crate::types::{PaymentPayload, PaymentRequirements};

/// Scheme name.
pub const SCHEME: &str = "tempo-tip20";
/// `x402Version` the reference clients send.
pub const VERSION: u32 = 1;
/// EIP-712 domain name.
pub const DOMAIN_NAME: &str = "x402-tempo";
/// EIP-712 domain version.
pub const DOMAIN_VERSION: &str = "1";
/// `maxTimeoutSeconds` advertised: the reference clients sign `validAfter = now − 60` and
/// `validBefore = now + maxTimeoutSeconds`, which must fit the window limit (90 s at 30 s).
pub const MAX_TIMEOUT_SECONDS: u64 = 30;

/// Error messages of the reference facilitator, character for character.
pub mod messages {
    /// Store lookup found the nonce.
    pub const NONCE_USED: &str = "Nonce already used";
    /// Outside `[validAfter, validBefore)`.
    pub const EXPIRED: &str = "Authorization expired";
    /// `value` below the price.
    pub const AMOUNT_BELOW: &str = "Payment amount below required";
    /// Balance or allowance too low (deliberately generic).
    pub const CANNOT_COMPLETE: &str = "Payment cannot be completed";
}

/// The signed fields and the signature (`payload` of the header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegacyPayload {
    /// Payer.
    pub from: String,
    /// Recipient (`payTo`).
    pub to: String,
    /// Atomic units, decimal string.
    pub value: String,
    /// Token.
    pub token: String,
    /// Unix seconds.
    pub valid_after: u64,
    /// Unix seconds (exclusive).
    pub valid_before: u64,
    /// 32 bytes, hex.
    pub nonce: String,
    /// 65 bytes r‖s‖v, hex.
    pub signature: String,
}

/// The whole `PAYMENT-SIGNATURE` of a reference client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegacyHeader {
    /// 1 (reference clients echo the body's version, so 2 is accepted too).
    pub x402_version: u32,
    /// The authorization.
    pub payload: LegacyPayload,
}

impl LegacyHeader {
    /// Wraps the header into a [`PaymentPayload`] for the requirement `accepted`.
    pub fn into_payment(self, accepted: PaymentRequirements) -> PaymentPayload {
        PaymentPayload {
            x402_version: VERSION,
            resource: None,
            accepted,
            payload: serde_json::to_value(self.payload).expect("payload serializes"),
            extensions: Map::new(),
        }
    }
}

/// A parsed authorization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// Payer.
    pub from: Address,
    /// Recipient.
    pub to: Address,
    /// Amount pulled on settlement.
    pub value: U256,
    /// Token.
    pub token: Address,
    /// Start, Unix seconds.
    pub valid_after: u64,
    /// End (exclusive), Unix seconds.
    pub valid_before: u64,
    /// Nonce.
    pub nonce: B256,
    /// Signature as sent.
    pub signature: String,
}

impl Authorization {
    /// Parses the scheme payload of `payment`.
    pub fn parse(payment: &PaymentPayload) -> Result<Authorization, Reject> {
        let bad = |m: String| Reject::new(r::UNSUPPORTED_PAYLOAD_TYPE, m);
        let p: LegacyPayload = serde_json::from_value(payment.payload.clone())
            .map_err(|e| bad(format!("not a tempo-tip20 payload: {e}")))?;
        Ok(Authorization {
            from: addr(&p.from, "from").map_err(bad)?,
            to: addr(&p.to, "to").map_err(bad)?,
            value: dec_u256(&p.value, "value").map_err(bad)?,
            token: addr(&p.token, "token").map_err(bad)?,
            valid_after: p.valid_after,
            valid_before: p.valid_before,
            nonce: p
                .nonce
                .parse()
                .map_err(|_| bad(format!("nonce is not 32 bytes hex: {:?}", p.nonce)))?,
            signature: p.signature,
        })
    }

    /// The EIP-712 message.
    pub fn message(&self) -> eip712::PaymentAuthorization {
        eip712::PaymentAuthorization {
            from: self.from,
            to: self.to,
            value: self.value,
            token: self.token,
            validAfter: U256::from(self.valid_after),
            validBefore: U256::from(self.valid_before),
            nonce: self.nonce,
        }
    }

    /// The digest the payer signs on chain `chain_id`.
    pub fn signing_hash(&self, chain_id: u64) -> B256 {
        self.message()
            .eip712_signing_hash(&domain(chain_id, self.token))
    }

    /// Steps 4–7 of the reference order (time window, addresses, signature, requirement);
    /// the version, scheme, network and nonce lookup come before, the chain after.
    pub fn check(&self, req: &PaymentRequirements, chain_id: u64, now: u64) -> Result<(), Reject> {
        if now < self.valid_after {
            return Err(Reject::new(r::VALID_AFTER, messages::EXPIRED));
        }
        if now >= self.valid_before {
            return Err(Reject::new(r::VALID_BEFORE, messages::EXPIRED));
        }
        let limit = 300.min(req.max_timeout_seconds + 60);
        if self.valid_before - self.valid_after > limit {
            return Err(Reject::new(
                r::VALID_BEFORE,
                format!(
                    "Authorization window {} s exceeds {limit} s",
                    self.valid_before - self.valid_after
                ),
            ));
        }
        let zero = |what: &str| Reject::new(r::UNSUPPORTED_PAYLOAD_TYPE, format!("{what} is zero"));
        if self.from == Address::ZERO {
            return Err(zero("from"));
        }
        if self.token == Address::ZERO {
            return Err(zero("token"));
        }
        if self.to == Address::ZERO {
            return Err(zero("to"));
        }
        if self.from == self.to {
            return Err(Reject::new(r::UNSUPPORTED_PAYLOAD_TYPE, "from equals to"));
        }
        self.verify_signature(chain_id)?;
        let asset = addr(&req.asset, "asset").map_err(|m| Reject::new(r::TOKEN_MISMATCH, m))?;
        if self.token != asset {
            return Err(Reject::new(
                r::TOKEN_MISMATCH,
                format!("token {} is not the asset {asset}", self.token),
            ));
        }
        let pay_to =
            addr(&req.pay_to, "payTo").map_err(|m| Reject::new(r::RECIPIENT_MISMATCH, m))?;
        if self.to != pay_to {
            return Err(Reject::new(
                r::RECIPIENT_MISMATCH,
                format!("to {} is not payTo {pay_to}", self.to),
            ));
        }
        let amount =
            dec_u256(&req.amount, "amount").map_err(|m| Reject::new(r::AUTHORIZATION_VALUE, m))?;
        if self.value.is_zero() || amount.is_zero() || self.value < amount {
            return Err(Reject::new(r::AUTHORIZATION_VALUE, messages::AMOUNT_BELOW));
        }
        Ok(())
    }

    /// Whether the signature recovers to `from` (nothing else is checked).
    pub fn verify_signature(&self, chain_id: u64) -> Result<(), Reject> {
        let sig =
            parse_signature(&self.signature).map_err(|m| Reject::new(r::INVALID_SIGNATURE, m))?;
        let signer = sig
            .recover_address_from_prehash(&self.signing_hash(chain_id))
            .map_err(|e| Reject::new(r::INVALID_SIGNATURE, e.to_string()))?;
        if signer != self.from {
            return Err(Reject::new(
                r::INVALID_SIGNATURE,
                format!("signed by {signer}, not by from {}", self.from),
            ));
        }
        Ok(())
    }

    /// Calldata of `token.transferFrom(from, to, value)`.
    pub fn settle_calldata(&self) -> Bytes {
        ITip20Token::transferFromCall {
            from: self.from,
            to: self.to,
            amount: self.value,
        }
        .abi_encode()
        .into()
    }
}

/// The scheme's EIP-712 domain for `token` on `chain_id` (no salt).
pub fn domain(chain_id: u64, token: Address) -> Eip712Domain {
    Eip712Domain::new(
        Some(DOMAIN_NAME.into()),
        Some(DOMAIN_VERSION.into()),
        Some(U256::from(chain_id)),
        Some(token),
        None,
    )
}

/// The requirement advertised next to `exact`: the reference's fields, with the address the
/// payer must approve in `extra.facilitatorAddress` and at the top level.
pub fn requirement(
    network: &str,
    amount: u64,
    asset: Address,
    pay_to: Address,
    facilitator: Address,
    price: String,
) -> PaymentRequirements {
    let mut extra = Map::new();
    extra.insert("facilitatorAddress".into(), json!(facilitator.to_string()));
    PaymentRequirements {
        scheme: SCHEME.into(),
        network: network.into(),
        amount: amount.to_string(),
        asset: asset.to_string(),
        pay_to: pay_to.to_string(),
        max_timeout_seconds: MAX_TIMEOUT_SECONDS,
        extra,
        price: Some(price),
        facilitator_address: Some(facilitator.to_string()),
    }
}

/// Knobs of a signed authorization (tests craft bad payments with them).
#[derive(Debug, Clone, Default)]
pub struct SignOptions {
    /// Nonce (default: 32 random bytes).
    pub nonce: Option<B256>,
    /// `validAfter` (default: now − 60, as the reference client).
    pub valid_after: Option<u64>,
    /// `validBefore` (default: now + min(maxTimeoutSeconds, 600)).
    pub valid_before: Option<u64>,
    /// Value (default: the requirement's amount).
    pub value: Option<U256>,
    /// Replace `s` by `n − s` (and flip `v`): the same signature in its high-s form.
    pub high_s: bool,
}

/// secp256k1 group order.
const SECP256K1_N: U256 = U256::from_be_bytes([
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]);

/// Signs a `tempo-tip20` payment for `req` the way the reference client does and returns the
/// whole header value (before base64).
pub fn sign(
    signer: &PrivateKeySigner,
    req: &PaymentRequirements,
    options: &SignOptions,
) -> Result<LegacyHeader, String> {
    let chain_id = super::exact::chain_id_of(&req.network)
        .ok_or_else(|| format!("network {:?} is not eip155:N", req.network))?;
    let now = super::now_secs();
    let auth = Authorization {
        from: signer.address(),
        to: addr(&req.pay_to, "payTo")?,
        value: match options.value {
            Some(v) => v,
            None => dec_u256(&req.amount, "amount")?,
        },
        token: addr(&req.asset, "asset")?,
        valid_after: options.valid_after.unwrap_or(now.saturating_sub(60)),
        valid_before: options
            .valid_before
            .unwrap_or(now + req.max_timeout_seconds.min(600)),
        nonce: options
            .nonce
            .unwrap_or_else(|| B256::from(rand::random::<[u8; 32]>())),
        signature: String::new(),
    };
    let sig = signer
        .sign_hash_sync(&auth.signing_hash(chain_id))
        .map_err(|e| e.to_string())?;
    let mut bytes = sig.as_bytes().to_vec();
    if options.high_s {
        let s = U256::from_be_slice(&bytes[32..64]);
        bytes[32..64].copy_from_slice(&(SECP256K1_N - s).to_be_bytes::<32>());
        bytes[64] = if bytes[64] == 27 { 28 } else { 27 };
    }
    Ok(LegacyHeader {
        x402_version: VERSION,
        payload: LegacyPayload {
            from: auth.from.to_string(),
            to: auth.to.to_string(),
            value: auth.value.to_string(),
            token: auth.token.to_string(),
            valid_after: auth.valid_after,
            valid_before: auth.valid_before,
            nonce: auth.nonce.to_string(),
            signature: Bytes::from(bytes).to_string(),
        },
    })
}

/// Decodes a reference client's header value, if it has that shape.
pub fn decode_header(value: &str) -> Option<LegacyHeader> {
    crate::headers::decode::<LegacyHeader>(value).ok()
}

/// Store key of a `tempo-tip20` payment: network, payer and nonce.
pub fn payment_id(network: &str, payer: Address, nonce: B256) -> String {
    format!("{SCHEME}:{network}:{payer:#x}:{nonce}")
}

/// Whether `v` looks like this scheme's payload (for routing a v1 body).
pub fn is_legacy_payload(v: &Value) -> bool {
    v.get("validBefore").is_some() && v.get("signature").is_some() && v.get("from").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::onchain::PATH_USD;

    fn req(pay_to: Address) -> PaymentRequirements {
        requirement(
            "eip155:42431",
            1000,
            PATH_USD,
            pay_to,
            Address::repeat_byte(0xfa),
            "$0.001".into(),
        )
    }

    fn parsed(h: LegacyHeader, r: &PaymentRequirements) -> Authorization {
        Authorization::parse(&h.into_payment(r.clone())).unwrap()
    }

    #[test]
    fn signed_authorization_verifies_and_bad_ones_are_refused() {
        let payer = PrivateKeySigner::random();
        let r = req(Address::repeat_byte(0xaa));
        let now = super::super::now_secs();
        let h = sign(&payer, &r, &SignOptions::default()).unwrap();
        // Round trip through the header encoding.
        let back = decode_header(&crate::headers::encode(&h)).unwrap();
        assert_eq!(back, h);
        let a = parsed(h, &r);
        a.check(&r, 42431, now).unwrap();
        assert_eq!(
            a.check(&r, 1, now).unwrap_err().reason,
            r::INVALID_SIGNATURE
        );
        let e = a.check(&r, 42431, now + 3600).unwrap_err();
        assert_eq!(
            (e.reason, e.message.as_str()),
            (r::VALID_BEFORE, messages::EXPIRED)
        );
        let mut pricier = r.clone();
        pricier.amount = "1001".into();
        assert_eq!(
            a.check(&pricier, 42431, now).unwrap_err().message,
            messages::AMOUNT_BELOW
        );
        let mut other = r.clone();
        other.pay_to = Address::repeat_byte(0xbb).to_string();
        assert_eq!(
            a.check(&other, 42431, now).unwrap_err().reason,
            r::RECIPIENT_MISMATCH
        );
        // High s: same key, same digest, refused (EIP-2).
        let high = parsed(
            sign(
                &payer,
                &r,
                &SignOptions {
                    high_s: true,
                    ..Default::default()
                },
            )
            .unwrap(),
            &r,
        );
        let e = high.check(&r, 42431, now).unwrap_err();
        assert_eq!(e.reason, r::INVALID_SIGNATURE);
        assert!(e.message.contains("high s"), "{}", e.message);
        // Window longer than min(300, 30 + 60).
        let wide = parsed(
            sign(
                &payer,
                &r,
                &SignOptions {
                    valid_after: Some(now - 60),
                    valid_before: Some(now + 60),
                    ..Default::default()
                },
            )
            .unwrap(),
            &r,
        );
        assert!(
            wide.check(&r, 42431, now)
                .unwrap_err()
                .message
                .contains("window")
        );
    }

    #[test]
    fn reference_wire_shape() {
        let payer = PrivateKeySigner::random();
        let r = req(Address::repeat_byte(0xaa));
        let v = serde_json::to_value(sign(&payer, &r, &SignOptions::default()).unwrap()).unwrap();
        assert_eq!(v["x402Version"], 1);
        assert!(v["payload"]["validAfter"].is_u64());
        assert!(v["payload"]["value"].is_string());
        assert_eq!(v["payload"]["nonce"].as_str().unwrap().len(), 66);
        assert_eq!(v["payload"]["signature"].as_str().unwrap().len(), 132);
        assert!(is_legacy_payload(&v["payload"]));
        let rv = serde_json::to_value(&r).unwrap();
        assert_eq!(rv["price"], "$0.001");
        assert_eq!(rv["maxTimeoutSeconds"], 30);
        assert!(rv["facilitatorAddress"].is_string());
    }
}
