//! x402 v2 payments for tempo-x402 nodes.
//!
//! - [`types`]: the v2 JSON types; [`headers`]: their base64 header encoding.
//! - [`price`]: dollar prices to 6-decimal atomic units.
//! - [`schemes`]: `exact` with Permit2 (and the `eip2612GasSponsoring` extension).
//! - [`facilitator`]: verification and exactly-once settlement ([`store`], [`sender`]);
//!   [`FacilitatorService`] runs it in a node (start, background reconciliation, shutdown).
//! - [`paywall`]: axum middleware answering 402 on paid routes ([`guard`]: rejected payments
//!   cached and rate-limited).
//! - [`client`]: the paying side (402 → sign → retry); [`budget`]: a payer bounded by a
//!   spending budget, with a persisted ledger (the soul's spending tool).

pub mod budget;
pub mod client;
pub mod facilitator;
pub mod guard;
pub mod headers;
pub mod onchain;
pub mod paywall;
pub mod price;
pub mod reasons;
pub mod schemes;
pub mod sender;
pub mod store;
pub mod types;

pub use facilitator::{Facilitator, FacilitatorConfig, FacilitatorService};
pub use price::Price;
