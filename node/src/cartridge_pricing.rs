//! Cartridges behind HTTP 402: prices `/c/{slug}[/{path}]` at the serving version's price, per
//! request, for the node's paywall, and turns the paywall's settled payment into the
//! cartridge's `payment_info()`.
//!
//! Choice of settlement timing: cartridge routes **settle before** the cartridge runs (the
//! paywall's default), because `payment_info()` promises the guest the settlement's transaction
//! hash, and because a cartridge's KV writes and nested calls are work done for the payer. The
//! cost: a cartridge that traps or answers 5xx after payment has still been paid. Its execution
//! slot, though, is taken from the paid pool **before** the payment settles
//! ([`RoutePricer::reserve`]): a node too busy to run it answers 503 without charging, and free
//! requests (their own pool) can never take the slot of a paid one. What is never
//! charged: a missing cartridge (priced `None`, so it answers 404 without a challenge), a free
//! (`"$0"`) cartridge, the free routes (`/c`, `/c/{slug}/wasm|manifest|frame`), methods the
//! cartridge routes do not serve, and interactive cartridges (no `x402_handle` to sell).

use axum::http::Method;
use x402_cartridge::{CartridgeInfo, Cartridges, Kind, PaymentInfo};
use x402_payments::Price;
use x402_payments::paywall::{self, Busy, PaidRoute, Reservation, Reserving, RoutePricer};

/// Sub-paths of `/c/{slug}` that are served free (not executions).
const FREE_SUBPATHS: [&str; 3] = ["wasm", "manifest", "frame"];

/// The paywall's view of the node's cartridges.
#[derive(Clone)]
pub struct CartridgePricer {
    cartridges: Cartridges,
}

impl CartridgePricer {
    /// Prices the executions of `cartridges`.
    pub fn new(cartridges: Cartridges) -> Self {
        CartridgePricer { cartridges }
    }
}

/// The slug of an execution path `/c/{slug}` or `/c/{slug}/{path}`; `None` for anything else
/// (the list, the free sub-routes, `/c/{slug}/` which the router answers 404, other routes).
pub fn execution_slug(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/c/")?;
    let (slug, sub) = match rest.split_once('/') {
        Some((slug, sub)) => (slug, Some(sub)),
        None => (rest, None),
    };
    if slug.is_empty() || sub.is_some_and(|s| s.is_empty() || FREE_SUBPATHS.contains(&s)) {
        return None;
    }
    Some(slug)
}

/// What one execution of `info` costs, or `None` when it is free (price `$0`, or interactive).
pub fn price_of(info: &CartridgeInfo) -> Option<Price> {
    (info.price_micros > 0 && info.kind != Kind::Interactive)
        .then(|| Price::from_units(info.price_micros))
}

impl RoutePricer for CartridgePricer {
    fn route(&self, method: &Method, path: &str) -> Option<PaidRoute> {
        if !matches!(*method, Method::GET | Method::HEAD | Method::POST) {
            return None;
        }
        let info = self.cartridges.info(execution_slug(path)?)?;
        let price = price_of(&info)?;
        Some(
            PaidRoute::new(method.clone(), path, price).description(format!(
                "cartridge {} version {} ({} per request)",
                info.slug, info.version, info.price
            )),
        )
    }

    /// A paid execution's slot ([`x402_cartridge::PaidSlot`]), taken before the payment settles.
    fn reserve<'a>(&'a self, _method: &'a Method, path: &'a str) -> Reserving<'a> {
        Box::pin(async move {
            let Some(slug) = execution_slug(path) else {
                return Ok(None);
            };
            if self.cartridges.info(slug).is_none() {
                return Ok(None);
            }
            match self.cartridges.reserve_paid().await {
                Ok(slot) => Ok(Some(Reservation::new(slot))),
                Err(e) => Err(Busy(format!("cartridge {slug:?}: {e}"))),
            }
        })
    }
}

/// The cartridge's view of the payment the paywall verified (and settled) for this request.
pub fn payment_of(paid: &paywall::PaymentInfo) -> PaymentInfo {
    PaymentInfo {
        payer: paid.payer.clone(),
        amount: paid.requirement.amount.clone(),
        tx_hash: paid.settlement.as_ref().map(|s| s.transaction.clone()),
        network: paid.requirement.network.clone(),
        asset: paid.requirement.asset.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_executions_are_priced() {
        assert_eq!(execution_slug("/c/hello"), Some("hello"));
        assert_eq!(execution_slug("/c/hello/a/b"), Some("hello"));
        assert_eq!(execution_slug("/c/hello/wasm/x"), Some("hello"));
        for free in [
            "/c",
            "/c/",
            "/c/hello/",
            "/c/hello/wasm",
            "/c/hello/manifest",
            "/c/hello/frame",
            "/paid/hello",
            "/cx/hello",
        ] {
            assert_eq!(execution_slug(free), None, "{free}");
        }
    }
}
