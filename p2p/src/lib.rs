//! Networking of the tempo-x402 swarm.
//!
//! - [`network`]: the libp2p event loop (TCP + Noise + Yamux, QUIC, identify, Kademlia on a private
//!   protocol, gossipsub with application validation, ping, optional mDNS) and its handle.
//! - [`envelope`]: the versioned JSON envelope of every gossip message and its validation.
//! - [`topic`]: the swarm's gossip topics.
//! - [`iq`]: wire types of colony benchmark sessions.
//! - [`manifest`]: signed manifests of model weights.
//! - [`membership`]: members learned from heartbeats.
//! - [`election`]: the gossip-elected queen (lease + term + rank-staggered claims).
//! - [`redial`], [`peer_cache`], [`keys`]: staying connected across failures and restarts.
//! - [`blobs`]: content-addressed blobs (model weights) over an offline iroh endpoint + iroh-blobs.

pub mod behaviour;
pub mod blobs;
mod config;
pub mod election;
pub mod envelope;
mod handle;
pub mod iq;
pub mod keys;
pub mod manifest;
pub mod membership;
pub mod metrics;
pub mod network;
pub mod peer_cache;
pub mod redial;
pub mod topic;

pub use blobs::{BlobConfig, BlobError, BlobHash, BlobInfo, BlobNode};
pub use envelope::{Envelope, Payload, Role};
pub use network::{
    DEFAULT_SWARM, Inbound, Network, NetworkConfig, NetworkError, NetworkEvent, NetworkHandle,
    Participation, SwarmView,
};
pub use topic::SwarmTopic;
