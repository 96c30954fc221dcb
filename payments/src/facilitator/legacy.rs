//! Verification of the legacy `tempo-tip20` scheme, in the reference facilitator's order:
//! version, scheme and network, nonce unused (store), time window, addresses, signature,
//! requirement, then balance and allowance to the facilitator key, then a simulation of the
//! `transferFrom` from that key. Settlement is the common [`Facilitator::execute`].

use alloy::primitives::Address;

use super::{Facilitator, Verified};
use crate::onchain::ITip20Token;
use crate::reasons as r;
use crate::schemes::tempo_tip20::{self, Authorization, messages};
use crate::schemes::{Reject, now_secs};
use crate::store::State;
use crate::types::FacilitatorRequest;

impl Facilitator {
    /// Full verification of a `tempo-tip20` payment.
    pub(super) async fn check_legacy(
        &self,
        req: &FacilitatorRequest,
        claimed: bool,
    ) -> Result<Verified, (Reject, Option<Address>)> {
        let payment = &req.payment_payload;
        let requirements = &req.payment_requirements;
        let no_payer = |reject| (reject, None);
        // Reference clients echo the 402 body's version; ours says 2.
        if !matches!(payment.x402_version, 1 | 2) {
            return Err(no_payer(Reject::new(
                r::INVALID_X402_VERSION,
                format!(
                    "x402Version {} is not supported by scheme tempo-tip20",
                    payment.x402_version
                ),
            )));
        }
        if payment.accepted.scheme != tempo_tip20::SCHEME {
            return Err(no_payer(Reject::new(
                r::INVALID_SCHEME,
                format!("scheme {:?} is not tempo-tip20", payment.accepted.scheme),
            )));
        }
        self.check_network(req).map_err(no_payer)?;
        let auth = Authorization::parse(payment).map_err(no_payer)?;
        let payer = auth.from;
        let with_payer = |reject| (reject, Some(payer));
        let id = tempo_tip20::payment_id(&self.network, payer, auth.nonce);
        match self.store.get(&id) {
            // This caller's own claim (settle-after: the handler ran, nothing was sent yet).
            Ok(Some(rec))
                if claimed && rec.state == State::Pending && rec.transaction.is_none() => {}
            // Any record, even a failed one: a legacy nonce is never released.
            Ok(Some(_)) => {
                return Err(with_payer(Reject::new(
                    r::NONCE_ALREADY_USED,
                    messages::NONCE_USED,
                )));
            }
            Ok(None) => {}
            Err(e) => {
                return Err(with_payer(Reject::new(
                    r::UNEXPECTED_VERIFY_ERROR,
                    e.to_string(),
                )));
            }
        }
        auth.check(requirements, self.chain.chain_id, now_secs())
            .map_err(with_payer)?;

        let token = ITip20Token::new(auth.token, &self.chain.provider);
        let (balance, allowance) =
            tokio::join!(async { token.balanceOf(payer).call().await }, async {
                token.allowance(payer, self.signer()).call().await
            },);
        let rpc = |e: String| with_payer(Reject::new(r::UNEXPECTED_VERIFY_ERROR, e));
        if balance.map_err(|e| rpc(e.to_string()))? < auth.value
            || allowance.map_err(|e| rpc(e.to_string()))? < auth.value
        {
            return Err(with_payer(Reject::new(
                r::INSUFFICIENT_BALANCE,
                messages::CANNOT_COMPLETE,
            )));
        }
        let data = auth.settle_calldata();
        let gas = self
            .simulate(auth.token, data.clone())
            .await
            .map_err(|e| with_payer(Reject::new(r::SIMULATION_FAILED, e.message)))?;
        Ok(Verified {
            id,
            payer,
            scheme: tempo_tip20::SCHEME,
            pay_to: auth.to,
            asset: auth.token,
            amount: auth.value,
            nonce: auth.nonce.to_string(),
            permit2_nonce: None,
            to: auth.token,
            data,
            gas,
            request: req.clone(),
        })
    }
}
