//! Configuration of the network task and its errors.

use std::path::PathBuf;
use std::time::Duration;

use libp2p::Multiaddr;
use libp2p::identity::Keypair;

use crate::election::ElectionConfig;
use crate::metrics::Metrics;
use crate::topic::SwarmTopic;

/// Default swarm name: the namespace of topics and private protocols.
pub const DEFAULT_SWARM: &str = "tempo-x402";

/// How the node takes part in the swarm.
#[derive(Debug, Clone)]
pub enum Participation {
    /// Full peer: heartbeats, queen candidacy, Kademlia server.
    Full {
        /// Human-readable name.
        name: String,
        /// Gateway URL announced in heartbeats.
        gateway: Option<String>,
    },
    /// Light peer: only reads the listed topics; no heartbeats, no candidacy.
    Light {
        /// Topics to subscribe to.
        topics: Vec<SwarmTopic>,
    },
}

/// Configuration of the network task (builder style).
#[derive(Debug, Clone)]
pub struct NetworkConfig {
    pub(crate) keypair: Keypair,
    pub(crate) swarm: String,
    pub(crate) listen: Vec<Multiaddr>,
    pub(crate) bootstrap: Vec<Multiaddr>,
    pub(crate) mdns: bool,
    pub(crate) participation: Participation,
    pub(crate) peer_cache: Option<PathBuf>,
    pub(crate) election: ElectionConfig,
    pub(crate) heartbeat_interval: Duration,
    pub(crate) metrics: Metrics,
}

/// Errors starting the network.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    /// Swarm name unusable in topic and protocol names.
    #[error("invalid swarm name {0:?}: use 1-64 characters from [A-Za-z0-9._-]")]
    InvalidSwarmName(String),
    /// The TCP transport (Noise handshake) could not be built.
    #[error("cannot build the libp2p transport")]
    Transport(#[source] libp2p::noise::Error),
    /// The network behaviour could not be built.
    #[error("cannot build the libp2p behaviour")]
    Behaviour(#[source] libp2p::BehaviourBuilderError),
    /// A gossip topic could not be subscribed to.
    #[error("cannot subscribe to the {topic} topic")]
    Subscribe {
        /// The topic.
        topic: &'static str,
        /// Why.
        #[source]
        source: libp2p::gossipsub::SubscriptionError,
    },
    /// Gossipsub refused a message (too large, a duplicate, no route).
    #[error("cannot publish on the {topic} topic")]
    Publish {
        /// The topic.
        topic: &'static str,
        /// Why.
        #[source]
        source: libp2p::gossipsub::PublishError,
    },
    /// A listen address could not be bound.
    #[error("cannot listen on {addr}")]
    Listen {
        /// The address.
        addr: Multiaddr,
        /// Why.
        #[source]
        source: libp2p::TransportError<std::io::Error>,
    },
    /// The network task has stopped.
    #[error("the network task has stopped")]
    Stopped,
    /// The command queue is full (publishing faster than the network drains).
    #[error("the network command queue is full")]
    Busy,
}

impl NetworkConfig {
    /// A full node with `keypair`, default swarm name, no listen addresses and no bootstrap.
    pub fn new(keypair: Keypair) -> Self {
        NetworkConfig {
            keypair,
            swarm: DEFAULT_SWARM.to_string(),
            listen: Vec::new(),
            bootstrap: Vec::new(),
            mdns: false,
            participation: Participation::Full {
                name: "x402-node".into(),
                gateway: None,
            },
            peer_cache: None,
            election: ElectionConfig::default(),
            heartbeat_interval: Duration::from_millis(1000),
            metrics: Metrics::default(),
        }
    }

    /// Sets the swarm name.
    pub fn swarm(mut self, swarm: impl Into<String>) -> Self {
        self.swarm = swarm.into();
        self
    }

    /// Sets the listen addresses.
    pub fn listen(mut self, addrs: Vec<Multiaddr>) -> Self {
        self.listen = addrs;
        self
    }

    /// Sets the bootstrap addresses.
    pub fn bootstrap(mut self, addrs: Vec<Multiaddr>) -> Self {
        self.bootstrap = addrs;
        self
    }

    /// Enables mDNS discovery on the LAN.
    pub fn mdns(mut self, enabled: bool) -> Self {
        self.mdns = enabled;
        self
    }

    /// Sets how the node participates.
    pub fn participation(mut self, participation: Participation) -> Self {
        self.participation = participation;
        self
    }

    /// Persists peer addresses at `path`.
    pub fn peer_cache(mut self, path: PathBuf) -> Self {
        self.peer_cache = Some(path);
        self
    }

    /// Sets the election timing.
    pub fn election(mut self, election: ElectionConfig) -> Self {
        self.election = election;
        self
    }

    /// Uses `metrics` (register it on your registry first).
    pub fn metrics(mut self, metrics: Metrics) -> Self {
        self.metrics = metrics;
        self
    }
}

/// Validates a swarm name.
pub fn valid_swarm_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}
