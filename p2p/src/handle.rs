//! The cloneable handle to the network task and what it reports.

use std::collections::HashSet;
use std::sync::Arc;

use libp2p::{Multiaddr, PeerId};
use serde::Serialize;
use tokio::sync::{broadcast, mpsc, oneshot, watch};

use crate::envelope::{Envelope, EnvelopeError, Payload, QueenRef, Role};
use crate::membership::MemberView;
use crate::network::NetworkError;
use crate::topic::SwarmTopic;

/// A gossip message accepted by validation.
#[derive(Debug, Clone, Serialize)]
pub struct Inbound {
    /// Topic it arrived on.
    pub topic: SwarmTopic,
    /// Receiver's Unix time at arrival, milliseconds.
    pub received_ms: u64,
    /// Whether the author is an admitted member (passed identify with this swarm's protocol
    /// and, when required, holds a verified registration). Non-members' messages are delivered
    /// for observation only: they never count for membership, election or weights.
    #[serde(skip)]
    pub from_member: bool,
    /// The message (its fields are flattened into the JSON form).
    #[serde(flatten)]
    pub envelope: Envelope,
}

/// Something that happened on the network.
#[derive(Debug, Clone)]
pub enum NetworkEvent {
    /// A valid message arrived.
    Message(Arc<Inbound>),
    /// A message was rejected.
    Rejected {
        /// Topic it arrived on.
        topic: SwarmTopic,
        /// Propagation source (penalised).
        from: PeerId,
        /// Why.
        error: EnvelopeError,
    },
}

/// What the node knows about the swarm right now.
#[derive(Debug, Clone, Serialize)]
pub struct SwarmView {
    /// Swarm name.
    pub swarm: String,
    /// This node's peer id.
    pub peer_id: String,
    /// Listen addresses, each ending in `/p2p/<peer id>`.
    pub listen_addrs: Vec<String>,
    /// This node's role.
    pub role: Role,
    /// The queen this node follows.
    pub queen: Option<QueenRef>,
    /// Highest term seen.
    pub max_term: u64,
    /// Queen changes accepted.
    pub elections: u64,
    /// Peers with an open connection.
    pub connected_peers: usize,
    /// Members known from heartbeats.
    pub members: Vec<MemberView>,
}

pub(crate) enum Command {
    Publish(Payload, oneshot::Sender<Result<(), NetworkError>>),
    AddPeer(PeerId, Vec<Multiaddr>),
    Admit(Option<HashSet<PeerId>>),
}

/// Handle to the network task.
#[derive(Clone)]
pub struct NetworkHandle {
    pub(crate) local_peer_id: PeerId,
    pub(crate) swarm: String,
    pub(crate) commands: mpsc::Sender<Command>,
    pub(crate) view: watch::Receiver<Arc<SwarmView>>,
    pub(crate) events: broadcast::Sender<NetworkEvent>,
}

impl NetworkHandle {
    /// This node's peer id.
    pub fn local_peer_id(&self) -> PeerId {
        self.local_peer_id
    }

    /// The swarm name.
    pub fn swarm(&self) -> &str {
        &self.swarm
    }

    /// Publishes `payload` on its topic. Errors if the network stopped or gossipsub refused it
    /// (no peer subscribed is not an error: the message is simply not delivered).
    pub async fn publish(&self, payload: Payload) -> Result<(), NetworkError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .try_send(Command::Publish(payload, tx))
            .map_err(|e| match e {
                mpsc::error::TrySendError::Full(_) => NetworkError::Busy,
                mpsc::error::TrySendError::Closed(_) => NetworkError::Stopped,
            })?;
        rx.await.map_err(|_| NetworkError::Stopped)?
    }

    /// Adds a peer learned elsewhere (e.g. the on-chain registry) and dials it.
    pub fn add_peer(&self, peer: PeerId, addrs: Vec<Multiaddr>) -> Result<(), NetworkError> {
        self.commands
            .try_send(Command::AddPeer(peer, addrs))
            .map_err(|_| NetworkError::Busy)
    }

    /// Restricts gossip to authors in `peers` (`None` admits everyone). Messages from other
    /// authors are ignored: not applied and not forwarded.
    pub async fn admit_only(&self, peers: Option<HashSet<PeerId>>) -> Result<(), NetworkError> {
        self.commands
            .send(Command::Admit(peers))
            .await
            .map_err(|_| NetworkError::Stopped)
    }

    /// The current view of the swarm.
    pub fn view(&self) -> Arc<SwarmView> {
        self.view.borrow().clone()
    }

    /// A watch on the view, updated as it changes.
    pub fn watch_view(&self) -> watch::Receiver<Arc<SwarmView>> {
        self.view.clone()
    }

    /// Subscribes to network events (lagging receivers lose the oldest).
    pub fn events(&self) -> broadcast::Receiver<NetworkEvent> {
        self.events.subscribe()
    }
}
