//! The libp2p behaviour stack: gossipsub, Kademlia, identify, ping and optional mDNS.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use libp2p::swarm::NetworkBehaviour;
use libp2p::swarm::behaviour::toggle::Toggle;
use libp2p::{
    StreamProtocol, connection_limits, gossipsub, identify, identity::Keypair, kad, mdns, ping,
};

use crate::topic::SwarmTopic;

/// Room for the gossipsub framing around an envelope, in bytes.
const RPC_OVERHEAD: usize = 1024;

/// Connections being set up at once, per direction.
pub const MAX_PENDING: u32 = 64;
/// Established inbound connections (any key is free: this bounds what strangers hold open).
pub const MAX_INBOUND: u32 = 256;
/// Established outbound connections.
pub const MAX_OUTBOUND: u32 = 128;
/// Established connections per peer (one TCP and one QUIC during a transport change).
pub const MAX_PER_PEER: u32 = 2;

/// The combined behaviour of a swarm node.
#[derive(NetworkBehaviour)]
pub struct Behaviour {
    /// Bounds on pending and established connections (checked before anything else runs).
    pub limits: connection_limits::Behaviour,
    /// Gossip of membership, election and cognitive state.
    pub gossipsub: gossipsub::Behaviour,
    /// Peer routing on the swarm's private DHT.
    pub kad: kad::Behaviour<kad::store::MemoryStore>,
    /// Exchange of listen addresses and protocols.
    pub identify: identify::Behaviour,
    /// Liveness of connections.
    pub ping: ping::Behaviour,
    /// LAN discovery, when enabled.
    pub mdns: Toggle<mdns::tokio::Behaviour>,
}

/// The Kademlia protocol name of `swarm` (private: never `/ipfs/kad/1.0.0`).
pub fn kad_protocol(swarm: &str) -> StreamProtocol {
    StreamProtocol::try_from_owned(format!("/{swarm}/kad/1.0.0"))
        .expect("swarm names are validated to start without '/'")
}

/// The identify protocol version string of `swarm`.
pub fn identify_version(swarm: &str) -> String {
    format!("/{swarm}/1.0.0")
}

/// Gossipsub message id: BLAKE3 of topic and data (content addressing, stable across releases).
fn message_id(message: &gossipsub::Message) -> gossipsub::MessageId {
    let mut h = blake3::Hasher::new();
    h.update(message.topic.as_str().as_bytes());
    h.update(&message.data);
    gossipsub::MessageId::from(&h.finalize().as_bytes()[..20])
}

fn gossipsub(
    keypair: &Keypair,
    swarm: &str,
) -> Result<gossipsub::Behaviour, Box<dyn std::error::Error + Send + Sync>> {
    let mut builder = gossipsub::ConfigBuilder::default();
    builder
        .validation_mode(gossipsub::ValidationMode::Strict)
        .validate_messages()
        .message_id_fn(message_id)
        .heartbeat_interval(Duration::from_millis(500))
        .heartbeat_initial_delay(Duration::from_millis(100))
        .max_transmit_size(64 * 1024)
        // Smaller mesh than the default 6/5/12: on a 2-core machine running 20 nodes each copy
        // costs a signature check and a Noise frame; flood publishing already reaches every
        // directly connected subscriber in one hop. 2 × mesh_outbound_min ≤ D holds.
        .mesh_n(4)
        .mesh_n_low(3)
        .mesh_n_high(8)
        .mesh_outbound_min(2);
    for topic in SwarmTopic::ALL {
        builder.max_transmit_size_for_topic(
            topic.max_message_bytes() + RPC_OVERHEAD,
            topic.ident(swarm).hash(),
        );
    }
    let config = builder.build()?;
    let mut behaviour = gossipsub::Behaviour::new(
        gossipsub::MessageAuthenticity::Signed(keypair.clone()),
        config,
    )?;

    // Peer scoring: invalid messages (application `Reject`) cost the propagation source; a few of
    // them push it below the graylist threshold. Mesh-delivery penalties are off: our topics are
    // low-rate and irregular. Loopback is exempt from the IP-colocation penalty (local swarms).
    let mut params = gossipsub::PeerScoreParams {
        ip_colocation_factor_whitelist: HashSet::from([IpAddr::V4(Ipv4Addr::LOCALHOST)]),
        ..Default::default()
    };
    for topic in SwarmTopic::ALL {
        params.topics.insert(
            topic.ident(swarm).hash(),
            gossipsub::TopicScoreParams {
                topic_weight: 1.0,
                time_in_mesh_weight: 0.01,
                time_in_mesh_quantum: Duration::from_secs(1),
                time_in_mesh_cap: 10.0,
                first_message_deliveries_weight: 0.1,
                first_message_deliveries_decay: 0.5,
                first_message_deliveries_cap: 20.0,
                mesh_message_deliveries_weight: 0.0,
                mesh_failure_penalty_weight: 0.0,
                invalid_message_deliveries_weight: -10.0,
                invalid_message_deliveries_decay: 0.9,
                ..Default::default()
            },
        );
    }
    behaviour.with_peer_score(params, gossipsub::PeerScoreThresholds::default())?;
    Ok(behaviour)
}

impl Behaviour {
    /// Builds the behaviour for `swarm`; `server` puts Kademlia in server mode (full nodes).
    pub fn new(
        keypair: &Keypair,
        swarm: &str,
        server: bool,
        enable_mdns: bool,
    ) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let peer_id = keypair.public().to_peer_id();
        let mut kad = kad::Behaviour::with_config(
            peer_id,
            kad::store::MemoryStore::new(peer_id),
            kad::Config::new(kad_protocol(swarm)),
        );
        kad.set_mode(Some(if server {
            kad::Mode::Server
        } else {
            kad::Mode::Client
        }));
        let identify = identify::Behaviour::new(
            identify::Config::new(identify_version(swarm), keypair.public())
                .with_agent_version(format!("x402-node/{}", env!("CARGO_PKG_VERSION")))
                .with_push_listen_addr_updates(true),
        );
        let mdns = if enable_mdns {
            Some(mdns::tokio::Behaviour::new(
                mdns::Config::default(),
                peer_id,
            )?)
        } else {
            None
        };
        let limits = connection_limits::ConnectionLimits::default()
            .with_max_pending_incoming(Some(MAX_PENDING))
            .with_max_pending_outgoing(Some(MAX_PENDING))
            .with_max_established_incoming(Some(MAX_INBOUND))
            .with_max_established_outgoing(Some(MAX_OUTBOUND))
            .with_max_established_per_peer(Some(MAX_PER_PEER));
        Ok(Behaviour {
            limits: connection_limits::Behaviour::new(limits),
            gossipsub: gossipsub(keypair, swarm)?,
            kad,
            identify,
            ping: ping::Behaviour::new(ping::Config::new()),
            mdns: mdns.into(),
        })
    }
}
