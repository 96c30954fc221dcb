//! `exact` scheme, Permit2 transfer method: the payer signs a Permit2
//! `PermitWitnessTransferFrom` whose spender is the x402 exact proxy and whose witness fixes the
//! recipient; the facilitator calls `proxy.settle(...)` (or `settleWithPermit`).

use alloy::primitives::{Address, B256, Bytes, U256};
use alloy::signers::SignerSync;
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::{Eip712Domain, SolCall, SolError, SolStruct};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Reject, addr, dec_u256, parse_signature};
use crate::onchain::{EXACT_PERMIT2_PROXY, IExactProxy, IPermit2, PERMIT2, eip712};
use crate::reasons as r;
use crate::types::{PaymentPayload, PaymentRequirements};

/// Scheme name.
pub const SCHEME: &str = "exact";
/// `extra.assetTransferMethod` of this method.
pub const METHOD: &str = "permit2";

/// `permitted` of the authorization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Permitted {
    /// Token address.
    pub token: String,
    /// Amount, decimal.
    pub amount: String,
}

/// `witness` of the authorization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WitnessJson {
    /// Recipient.
    pub to: String,
    /// Unix seconds, decimal.
    pub valid_after: String,
}

/// `payload.permit2Authorization`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Permit2Authorization {
    /// Token and amount.
    pub permitted: Permitted,
    /// Payer.
    pub from: String,
    /// The proxy.
    pub spender: String,
    /// Permit2 unordered nonce, decimal uint256.
    pub nonce: String,
    /// Unix seconds, decimal.
    pub deadline: String,
    /// Recipient and start time.
    pub witness: WitnessJson,
}

/// The scheme payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permit2Payload {
    /// 65-byte r‖s‖v hex.
    pub signature: String,
    /// What was signed.
    pub permit2_authorization: Permit2Authorization,
}

/// A parsed, typed authorization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// Payer.
    pub from: Address,
    /// Token.
    pub token: Address,
    /// Amount.
    pub amount: U256,
    /// Spender (must be the proxy).
    pub spender: Address,
    /// Permit2 nonce.
    pub nonce: U256,
    /// Deadline, Unix seconds.
    pub deadline: U256,
    /// Recipient.
    pub to: Address,
    /// Start, Unix seconds.
    pub valid_after: U256,
    /// Signature bytes as sent.
    pub signature: Bytes,
}

impl Authorization {
    /// Parses the scheme payload of `payment`.
    pub fn parse(payment: &PaymentPayload) -> Result<Authorization, Reject> {
        let bad = |m: String| Reject::new(r::UNSUPPORTED_PAYLOAD_TYPE, m);
        let p: Permit2Payload = serde_json::from_value(payment.payload.clone())
            .map_err(|e| bad(format!("not a permit2 payload: {e}")))?;
        let a = &p.permit2_authorization;
        let signature: Bytes = p
            .signature
            .parse()
            .map_err(|_| bad("signature is not 0x-hex".into()))?;
        Ok(Authorization {
            from: addr(&a.from, "from").map_err(bad)?,
            token: addr(&a.permitted.token, "permitted.token").map_err(bad)?,
            amount: dec_u256(&a.permitted.amount, "permitted.amount").map_err(bad)?,
            spender: addr(&a.spender, "spender").map_err(bad)?,
            nonce: dec_u256(&a.nonce, "nonce").map_err(bad)?,
            deadline: dec_u256(&a.deadline, "deadline").map_err(bad)?,
            to: addr(&a.witness.to, "witness.to").map_err(bad)?,
            valid_after: dec_u256(&a.witness.valid_after, "witness.validAfter").map_err(bad)?,
            signature,
        })
    }

    /// The EIP-712 message.
    pub fn message(&self) -> eip712::PermitWitnessTransferFrom {
        eip712::PermitWitnessTransferFrom {
            permitted: eip712::TokenPermissions {
                token: self.token,
                amount: self.amount,
            },
            spender: self.spender,
            nonce: self.nonce,
            deadline: self.deadline,
            witness: eip712::Witness {
                to: self.to,
                validAfter: self.valid_after,
            },
        }
    }

    /// The digest the payer signs on chain `chain_id`.
    pub fn signing_hash(&self, chain_id: u64) -> B256 {
        self.message()
            .eip712_signing_hash(&permit2_domain(chain_id))
    }

    /// Checks everything that needs no chain, in the TS facilitator's order.
    pub fn check(&self, req: &PaymentRequirements, chain_id: u64, now: u64) -> Result<(), Reject> {
        if self.spender != EXACT_PERMIT2_PROXY {
            return Err(Reject::new(
                r::INVALID_PERMIT2_SPENDER,
                format!("spender {} is not the exact proxy", self.spender),
            ));
        }
        let pay_to: Address = addr(&req.pay_to, "payTo")
            .map_err(|m| Reject::new(r::PERMIT2_RECIPIENT_MISMATCH, m))?;
        if self.to != pay_to {
            return Err(Reject::new(
                r::PERMIT2_RECIPIENT_MISMATCH,
                format!("witness.to {} is not payTo {pay_to}", self.to),
            ));
        }
        if self.deadline < U256::from(now + 6) {
            return Err(Reject::new(
                r::PERMIT2_DEADLINE_EXPIRED,
                format!("deadline {} is past (now {now})", self.deadline),
            ));
        }
        if self.valid_after > U256::from(now) {
            return Err(Reject::new(
                r::PERMIT2_NOT_YET_VALID,
                format!(
                    "validAfter {} is in the future (now {now})",
                    self.valid_after
                ),
            ));
        }
        let amount = dec_u256(&req.amount, "amount")
            .map_err(|m| Reject::new(r::PERMIT2_AMOUNT_MISMATCH, m))?;
        if self.amount != amount {
            return Err(Reject::new(
                r::PERMIT2_AMOUNT_MISMATCH,
                format!("permitted {} but the price is {amount}", self.amount),
            ));
        }
        let asset =
            addr(&req.asset, "asset").map_err(|m| Reject::new(r::PERMIT2_TOKEN_MISMATCH, m))?;
        if self.token != asset {
            return Err(Reject::new(
                r::PERMIT2_TOKEN_MISMATCH,
                format!("token {} is not the asset {asset}", self.token),
            ));
        }
        self.verify_signature(chain_id)
    }

    /// Whether the signature recovers to `from` (nothing else is checked).
    pub fn verify_signature(&self, chain_id: u64) -> Result<(), Reject> {
        let sig = parse_signature(&self.signature.to_string())
            .map_err(|m| Reject::new(r::INVALID_PERMIT2_SIGNATURE, m))?;
        let signer = sig
            .recover_address_from_prehash(&self.signing_hash(chain_id))
            .map_err(|e| Reject::new(r::INVALID_PERMIT2_SIGNATURE, e.to_string()))?;
        if signer != self.from {
            return Err(Reject::new(
                r::INVALID_PERMIT2_SIGNATURE,
                format!("signed by {signer}, not by from {}", self.from),
            ));
        }
        Ok(())
    }

    /// Arguments of the proxy's `settle`.
    fn proxy_args(&self) -> (IExactProxy::PermitTransferFrom, IExactProxy::Witness) {
        (
            IExactProxy::PermitTransferFrom {
                permitted: IExactProxy::TokenPermissions {
                    token: self.token,
                    amount: self.amount,
                },
                nonce: self.nonce,
                deadline: self.deadline,
            },
            IExactProxy::Witness {
                to: self.to,
                validAfter: self.valid_after,
            },
        )
    }

    /// Calldata of `proxy.settle(...)`.
    pub fn settle_calldata(&self) -> Bytes {
        let (permit, witness) = self.proxy_args();
        IExactProxy::settleCall {
            permit,
            owner: self.from,
            witness,
            signature: self.signature.clone(),
        }
        .abi_encode()
        .into()
    }

    /// Calldata of `proxy.settleWithPermit(...)`.
    pub fn settle_with_permit_calldata(&self, permit2612: IExactProxy::EIP2612Permit) -> Bytes {
        let (permit, witness) = self.proxy_args();
        IExactProxy::settleWithPermitCall {
            permit2612,
            permit,
            owner: self.from,
            witness,
            signature: self.signature.clone(),
        }
        .abi_encode()
        .into()
    }

    /// Permit2 `nonceBitmap` word and bit of this nonce.
    pub fn nonce_word_bit(&self) -> (U256, usize) {
        (
            self.nonce >> 8,
            (self.nonce & U256::from(0xff)).to::<usize>(),
        )
    }
}

/// Permit2's EIP-712 domain (no version).
pub fn permit2_domain(chain_id: u64) -> Eip712Domain {
    Eip712Domain::new(
        Some("Permit2".into()),
        None,
        Some(U256::from(chain_id)),
        Some(PERMIT2),
        None,
    )
}

/// Chain id of a CAIP-2 `eip155:N` network.
pub fn chain_id_of(network: &str) -> Option<u64> {
    network.strip_prefix("eip155:")?.parse().ok()
}

/// Knobs of a payment the client signs (tests use them to craft bad payments).
#[derive(Debug, Clone, Default)]
pub struct SignOptions {
    /// Nonce (default: 32 random bytes).
    pub nonce: Option<U256>,
    /// `validAfter` (default: now − 600).
    pub valid_after: Option<u64>,
    /// Deadline (default: now + maxTimeoutSeconds).
    pub deadline: Option<u64>,
    /// Amount (default: the requirement's).
    pub amount: Option<U256>,
}

/// Signs a Permit2 payment for `req` and returns the scheme payload (`payload` of the
/// `PaymentPayload`).
pub fn sign(
    signer: &PrivateKeySigner,
    req: &PaymentRequirements,
    options: &SignOptions,
) -> Result<Value, String> {
    let chain_id = chain_id_of(&req.network)
        .ok_or_else(|| format!("network {:?} is not eip155:N", req.network))?;
    let now = super::now_secs();
    let nonce = options
        .nonce
        .unwrap_or_else(|| U256::from_be_bytes(rand::random::<[u8; 32]>()));
    let auth = Authorization {
        from: signer.address(),
        token: addr(&req.asset, "asset")?,
        amount: match options.amount {
            Some(a) => a,
            None => dec_u256(&req.amount, "amount")?,
        },
        spender: EXACT_PERMIT2_PROXY,
        nonce,
        deadline: U256::from(options.deadline.unwrap_or(now + req.max_timeout_seconds)),
        to: addr(&req.pay_to, "payTo")?,
        valid_after: U256::from(options.valid_after.unwrap_or(now.saturating_sub(600))),
        signature: Bytes::new(),
    };
    let sig = signer
        .sign_hash_sync(&auth.signing_hash(chain_id))
        .map_err(|e| e.to_string())?;
    let payload = Permit2Payload {
        signature: Bytes::from(sig.as_bytes().to_vec()).to_string(),
        permit2_authorization: Permit2Authorization {
            permitted: Permitted {
                token: auth.token.to_string(),
                amount: auth.amount.to_string(),
            },
            from: auth.from.to_string(),
            spender: auth.spender.to_string(),
            nonce: auth.nonce.to_string(),
            deadline: auth.deadline.to_string(),
            witness: WitnessJson {
                to: auth.to.to_string(),
                valid_after: auth.valid_after.to_string(),
            },
        },
    };
    Ok(serde_json::to_value(payload).expect("payload serializes"))
}

/// Standard reason for revert data of a settlement (TS `mapSettleError`).
pub fn revert_reason(data: &[u8]) -> &'static str {
    let Some(sel) = data.get(..4) else {
        return r::TRANSACTION_FAILED;
    };
    let table: [([u8; 4], &'static str); 9] = [
        (
            IExactProxy::Permit2612AmountMismatch::SELECTOR,
            r::PERMIT2_2612_AMOUNT_MISMATCH,
        ),
        (
            IExactProxy::InvalidAmount::SELECTOR,
            r::PERMIT2_INVALID_AMOUNT,
        ),
        (
            IExactProxy::InvalidDestination::SELECTOR,
            r::PERMIT2_INVALID_DESTINATION,
        ),
        (
            IExactProxy::InvalidOwner::SELECTOR,
            r::PERMIT2_INVALID_OWNER,
        ),
        (
            IExactProxy::PaymentTooEarly::SELECTOR,
            r::PERMIT2_PAYMENT_TOO_EARLY,
        ),
        (
            IPermit2::InvalidSignature::SELECTOR,
            r::INVALID_PERMIT2_SIGNATURE,
        ),
        (
            IPermit2::InvalidSigner::SELECTOR,
            r::INVALID_PERMIT2_SIGNATURE,
        ),
        (
            IPermit2::SignatureExpired::SELECTOR,
            r::INVALID_PERMIT2_SIGNATURE,
        ),
        (IPermit2::InvalidNonce::SELECTOR, r::PERMIT2_INVALID_NONCE),
    ];
    table
        .iter()
        .find(|(s, _)| s[..] == sel[..])
        .map_or(r::TRANSACTION_FAILED, |(_, reason)| reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn requirement(pay_to: Address) -> PaymentRequirements {
        PaymentRequirements {
            scheme: SCHEME.into(),
            network: "eip155:42431".into(),
            amount: "1000".into(),
            asset: crate::onchain::PATH_USD.to_string(),
            pay_to: pay_to.to_string(),
            max_timeout_seconds: 60,
            extra: json!({"assetTransferMethod": "permit2", "name": "PathUSD", "version": "1"})
                .as_object()
                .unwrap()
                .clone(),
            price: None,
            facilitator_address: None,
        }
    }

    fn payment(req: &PaymentRequirements, payload: Value) -> PaymentPayload {
        PaymentPayload {
            x402_version: 2,
            resource: None,
            accepted: req.clone(),
            payload,
            extensions: Default::default(),
        }
    }

    #[test]
    fn signed_payment_verifies_and_tampering_is_caught() {
        let payer = PrivateKeySigner::random();
        let req = requirement(Address::repeat_byte(0xaa));
        let p = payment(&req, sign(&payer, &req, &SignOptions::default()).unwrap());
        let auth = Authorization::parse(&p).unwrap();
        let now = super::super::now_secs();
        auth.check(&req, 42431, now).unwrap();
        // Another chain id: the signature no longer matches.
        assert_eq!(
            auth.check(&req, 1, now).unwrap_err().reason,
            r::INVALID_PERMIT2_SIGNATURE
        );
        let mut other = req.clone();
        other.amount = "999".into();
        assert_eq!(
            auth.check(&other, 42431, now).unwrap_err().reason,
            r::PERMIT2_AMOUNT_MISMATCH
        );
        other = req.clone();
        other.pay_to = Address::repeat_byte(0xbb).to_string();
        assert_eq!(
            auth.check(&other, 42431, now).unwrap_err().reason,
            r::PERMIT2_RECIPIENT_MISMATCH
        );
        assert_eq!(
            auth.check(&req, 42431, now + 3600).unwrap_err().reason,
            r::PERMIT2_DEADLINE_EXPIRED
        );
        let mut tampered = auth.clone();
        tampered.amount = U256::from(1);
        let mut req1 = req.clone();
        req1.amount = "1".into();
        assert_eq!(
            tampered.check(&req1, 42431, now).unwrap_err().reason,
            r::INVALID_PERMIT2_SIGNATURE
        );
        let early = sign(
            &payer,
            &req,
            &SignOptions {
                valid_after: Some(now + 100),
                ..Default::default()
            },
        )
        .unwrap();
        let early = Authorization::parse(&payment(&req, early)).unwrap();
        assert_eq!(
            early.check(&req, 42431, now).unwrap_err().reason,
            r::PERMIT2_NOT_YET_VALID
        );
        let bad = payment(&req, json!({"signature": "0x00"}));
        assert_eq!(
            Authorization::parse(&bad).unwrap_err().reason,
            r::UNSUPPORTED_PAYLOAD_TYPE
        );
        assert_eq!(
            revert_reason(&IPermit2::InvalidNonce::SELECTOR),
            r::PERMIT2_INVALID_NONCE
        );
        assert_eq!(revert_reason(&[1, 2, 3, 4]), r::TRANSACTION_FAILED);
    }
}
