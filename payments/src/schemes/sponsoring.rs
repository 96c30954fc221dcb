//! `eip2612GasSponsoring`: a payer without a Permit2 allowance signs a TIP-20 `permit` that
//! approves Permit2 for exactly the payment amount; the facilitator relays it through the proxy's
//! `settleWithPermit`, paying the fee.

use alloy::primitives::{Address, B256, U256};
use alloy::signers::SignerSync;
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::{Eip712Domain, SolStruct};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::exact::Authorization;
use super::{Reject, addr, dec_u256, parse_signature};
use crate::onchain::{IExactProxy, PERMIT2, eip712};
use crate::reasons as r;
use crate::types::PaymentRequirements;

/// Extension key.
pub const KEY: &str = "eip2612GasSponsoring";

/// What the server advertises in `extensions`.
pub fn advertised() -> Value {
    json!({
        "info": {
            "description": "The facilitator relays an EIP-2612 permit approving Permit2 and pays the fee",
            "version": "1",
        },
        "schema": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "from": {"type": "string", "pattern": "^0x[a-fA-F0-9]{40}$"},
                "asset": {"type": "string", "pattern": "^0x[a-fA-F0-9]{40}$"},
                "spender": {"type": "string", "pattern": "^0x[a-fA-F0-9]{40}$"},
                "amount": {"type": "string", "pattern": "^[0-9]+$"},
                "nonce": {"type": "string", "pattern": "^[0-9]+$"},
                "deadline": {"type": "string", "pattern": "^[0-9]+$"},
                "signature": {"type": "string", "pattern": "^0x[a-fA-F0-9]+$"},
                "version": {"type": "string"}
            },
            "required": ["from", "asset", "spender", "amount", "nonce", "deadline", "signature", "version"]
        }
    })
}

/// `extensions.eip2612GasSponsoring.info` as sent by the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SponsoringInfo {
    /// Payer.
    pub from: String,
    /// Token.
    pub asset: String,
    /// Permit2.
    pub spender: String,
    /// Approved value (= the payment amount).
    pub amount: String,
    /// Token `nonces(from)`.
    pub nonce: String,
    /// Permit deadline.
    pub deadline: String,
    /// 65-byte r‖s‖v.
    pub signature: String,
    /// `"1"`.
    pub version: String,
}

/// Checks the extension against the authorization; returns the proxy's permit argument.
pub fn check(
    info: &Value,
    auth: &Authorization,
    req: &PaymentRequirements,
    now: u64,
) -> Result<IExactProxy::EIP2612Permit, Reject> {
    let fmt = |m: String| Reject::new(r::INVALID_EIP2612_EXTENSION_FORMAT, m);
    let i: SponsoringInfo = serde_json::from_value(info.clone()).map_err(|e| fmt(e.to_string()))?;
    let from = addr(&i.from, "from").map_err(fmt)?;
    let asset = addr(&i.asset, "asset").map_err(fmt)?;
    let spender = addr(&i.spender, "spender").map_err(fmt)?;
    let amount = dec_u256(&i.amount, "amount").map_err(fmt)?;
    dec_u256(&i.nonce, "nonce").map_err(fmt)?;
    let deadline = dec_u256(&i.deadline, "deadline").map_err(fmt)?;
    let sig = parse_signature(&i.signature).map_err(fmt)?;
    if from != auth.from {
        return Err(Reject::new(
            r::EIP2612_FROM_MISMATCH,
            format!("{from} is not the payer"),
        ));
    }
    let req_asset = addr(&req.asset, "asset").map_err(fmt)?;
    if asset != req_asset {
        return Err(Reject::new(
            r::EIP2612_ASSET_MISMATCH,
            format!("{asset} is not {req_asset}"),
        ));
    }
    if spender != PERMIT2 {
        return Err(Reject::new(
            r::EIP2612_SPENDER_NOT_PERMIT2,
            format!("{spender} is not Permit2"),
        ));
    }
    if deadline < U256::from(now + 6) {
        return Err(Reject::new(
            r::EIP2612_DEADLINE_EXPIRED,
            format!("deadline {deadline} is past"),
        ));
    }
    if amount != auth.amount {
        return Err(Reject::new(
            r::PERMIT2_2612_AMOUNT_MISMATCH,
            format!(
                "permit value {amount} is not the payment amount {}",
                auth.amount
            ),
        ));
    }
    Ok(IExactProxy::EIP2612Permit {
        value: amount,
        deadline,
        r: sig.r().into(),
        s: sig.s().into(),
        v: if sig.v() { 28 } else { 27 },
    })
}

/// The token's EIP-2612 domain (`name` from `extra.name`, version `"1"`).
pub fn token_domain(name: &str, chain_id: u64, token: Address) -> Eip712Domain {
    Eip712Domain::new(
        Some(name.to_string().into()),
        Some("1".into()),
        Some(U256::from(chain_id)),
        Some(token),
        None,
    )
}

/// Signs the extension info for `req` (client side). `token_nonce` is the token's
/// `nonces(payer)`.
pub fn sign(
    signer: &PrivateKeySigner,
    req: &PaymentRequirements,
    token_nonce: U256,
    deadline: u64,
) -> Result<Value, String> {
    let chain_id = super::exact::chain_id_of(&req.network)
        .ok_or_else(|| format!("network {:?} is not eip155:N", req.network))?;
    let name = req
        .extra
        .get("name")
        .and_then(Value::as_str)
        .ok_or("the requirement has no extra.name (token EIP-712 domain)")?;
    let token = addr(&req.asset, "asset")?;
    let value = dec_u256(&req.amount, "amount")?;
    let msg = eip712::Permit {
        owner: signer.address(),
        spender: PERMIT2,
        value,
        nonce: token_nonce,
        deadline: U256::from(deadline),
    };
    let hash: B256 = msg.eip712_signing_hash(&token_domain(name, chain_id, token));
    let sig = signer.sign_hash_sync(&hash).map_err(|e| e.to_string())?;
    Ok(json!({
        "from": signer.address().to_string(),
        "asset": token.to_string(),
        "spender": PERMIT2.to_string(),
        "amount": value.to_string(),
        "nonce": token_nonce.to_string(),
        "deadline": deadline.to_string(),
        "signature": alloy::primitives::Bytes::from(sig.as_bytes().to_vec()).to_string(),
        "version": "1",
    }))
}
