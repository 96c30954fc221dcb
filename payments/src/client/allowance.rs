//! What a payer needs on chain before its signature can move funds: an allowance to Permit2
//! (`exact`) or to the facilitator address advertised in the requirement (`tempo-tip20`).

use alloy::network::EthereumWallet;
use alloy::primitives::{Address, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use serde_json::Value;

use super::{AllowanceMode, ClientError};
use crate::onchain::{ITip20Token, PERMIT2};
use crate::schemes::{now_secs, sponsoring};
use crate::types::PaymentRequirements;

/// The address a `tempo-tip20` payer must approve: `extra.facilitatorAddress`, else the
/// top-level `facilitatorAddress` of the requirement.
pub fn facilitator_of(req: &PaymentRequirements) -> Result<Address, ClientError> {
    let raw = req
        .extra
        .get("facilitatorAddress")
        .and_then(Value::as_str)
        .or(req.facilitator_address.as_deref())
        .ok_or_else(|| {
            ClientError::Challenge("the tempo-tip20 requirement has no facilitatorAddress".into())
        })?;
    raw.parse()
        .map_err(|_| ClientError::Challenge(format!("facilitatorAddress {raw:?}")))
}

/// Chain access of one payer for one requirement.
pub(super) struct Allowances<'a> {
    signer: &'a PrivateKeySigner,
    mode: AllowanceMode,
    rpc: &'a str,
    req: &'a PaymentRequirements,
}

fn chain(e: impl std::fmt::Display) -> ClientError {
    ClientError::Chain(e.to_string())
}

impl<'a> Allowances<'a> {
    pub(super) fn new(
        signer: &'a PrivateKeySigner,
        mode: AllowanceMode,
        rpc: &'a str,
        req: &'a PaymentRequirements,
    ) -> Self {
        Allowances {
            signer,
            mode,
            rpc,
            req,
        }
    }

    fn parts(&self) -> Result<(impl Provider + Clone, Address, U256), ClientError> {
        let url = self
            .rpc
            .parse()
            .map_err(|_| chain(format!("bad RPC URL {:?}", self.rpc)))?;
        let asset: Address = self.req.asset.parse().map_err(|_| chain("bad asset"))?;
        let amount = U256::from_str_radix(&self.req.amount, 10).map_err(chain)?;
        let provider = ProviderBuilder::new()
            .wallet(EthereumWallet::from(self.signer.clone()))
            .connect_http(url);
        Ok((provider, asset, amount))
    }

    /// `exact`: makes sure Permit2 may pull the amount. Returns sponsoring info to attach, or
    /// approves Permit2 for `approval` (at least the amount; never more unless asked) with a
    /// transaction, or does nothing when the allowance suffices.
    pub(super) async fn permit2(
        &self,
        sponsoring_offered: bool,
        approval: U256,
    ) -> Result<Option<Value>, ClientError> {
        let (provider, asset, amount) = self.parts()?;
        let token = ITip20Token::new(asset, &provider);
        let me = self.signer.address();
        let allowance = token.allowance(me, PERMIT2).call().await.map_err(chain)?;
        if allowance >= amount {
            return Ok(None);
        }
        let sponsor = match self.mode {
            AllowanceMode::SponsoringOnly => true,
            AllowanceMode::Approve => false,
            _ => sponsoring_offered,
        };
        if sponsor {
            let nonce = token.nonces(me).call().await.map_err(chain)?;
            let deadline = now_secs() + self.req.max_timeout_seconds.max(60);
            let info = sponsoring::sign(self.signer, self.req, nonce, deadline)
                .map_err(ClientError::Sign)?;
            return Ok(Some(info));
        }
        approve(&provider, asset, PERMIT2, approval.max(amount), "Permit2")
            .await
            .map(|_| None)
    }

    /// `tempo-tip20`: makes sure `facilitator` may pull the amount with `transferFrom`.
    /// Approves `approval` (at least the amount) once when the mode allows a transaction
    /// (`Auto`, `Approve`); otherwise a missing allowance is [`ClientError::AllowanceRequired`].
    pub(super) async fn facilitator(
        &self,
        facilitator: Address,
        approval: U256,
    ) -> Result<(), ClientError> {
        let (provider, asset, amount) = self.parts()?;
        let token = ITip20Token::new(asset, &provider);
        let have = token
            .allowance(self.signer.address(), facilitator)
            .call()
            .await
            .map_err(chain)?;
        if have >= amount {
            return Ok(());
        }
        match self.mode {
            AllowanceMode::Auto | AllowanceMode::Approve => {
                approve(
                    &provider,
                    asset,
                    facilitator,
                    approval.max(amount),
                    "the facilitator",
                )
                .await
            }
            AllowanceMode::SponsoringOnly | AllowanceMode::None => {
                Err(ClientError::AllowanceRequired {
                    spender: facilitator,
                    have,
                    need: amount,
                })
            }
        }
    }
}

/// Sends `token.approve(spender, value)` and waits for a successful receipt.
async fn approve(
    provider: &(impl Provider + Clone),
    asset: Address,
    spender: Address,
    value: U256,
    what: &str,
) -> Result<(), ClientError> {
    let receipt = ITip20Token::new(asset, provider)
        .approve(spender, value)
        .send()
        .await
        .map_err(|e| chain(format!("approve {what} {spender}: {e}")))?
        .get_receipt()
        .await
        .map_err(|e| chain(format!("approve {what} {spender}: {e}")))?;
    if !receipt.status() {
        return Err(chain(format!("approve {what} {spender} reverted")));
    }
    tracing::info!(tx = %receipt.transaction_hash, %spender, "approved {what} on the asset");
    Ok(())
}
