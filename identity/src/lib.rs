//! On-chain identity of a tempo-x402 node.
//!
//! - [`wallet`]: wallet and facilitator keys in encrypted keystores.
//! - [`chain`]: connecting to a Tempo chain (Moderato, mainnet or a local anvil replica),
//!   balances, funding, the identity registry of the chain.
//! - [`card`]: the ERC-8004 registration file and its signed binding to the libp2p key.
//! - [`registry`]: registering this node and reading the others from registry events.
//! - [`service`]: the task that does all of it and feeds discovered peers to the network.
//! - [`devchain`]: a local anvil in Tempo mode.

pub mod card;
pub mod chain;
pub mod contracts;
pub mod devchain;
pub mod registry;
pub mod service;
pub mod wallet;

pub use chain::{Chain, ChainKind, DEV_CHAIN_ID, MODERATO_RPC, public_url};
pub use service::{IdentityConfig, IdentityStatus};
