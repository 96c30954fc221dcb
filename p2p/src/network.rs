//! The network event loop: one task owns the libp2p swarm, membership and election.
//!
//! Start it with [`NetworkConfig`] and [`Network::spawn`]; talk to it through the cloneable
//! [`NetworkHandle`] (publish, read the current [`SwarmView`], subscribe to [`NetworkEvent`]s).
//! Cancelling the token given to [`Network::spawn`] stops it (the queen abdicates, the peer
//! cache is saved); the returned `JoinHandle` resolves once it has.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures::StreamExt;
use libp2p::gossipsub::{self, TopicHash};
use libp2p::multiaddr::Protocol;
use libp2p::swarm::dial_opts::{DialOpts, PeerCondition};
use libp2p::swarm::{Swarm, SwarmEvent};
use libp2p::{Multiaddr, PeerId, identify, kad, mdns, noise, tcp, yamux};
use tokio::sync::{broadcast, mpsc, watch};
use tokio_util::sync::CancellationToken;

pub use crate::config::{
    DEFAULT_SWARM, NetworkConfig, NetworkError, Participation, valid_swarm_name,
};
pub use crate::handle::{Inbound, NetworkEvent, NetworkHandle, SwarmView};

use crate::behaviour::{Behaviour, BehaviourEvent, identify_version, kad_protocol};
use crate::election::{Action, ClaimOutcome, Election, Quorum};
use crate::envelope::{
    Abdication, Envelope, EnvelopeError, Heartbeat, Payload, QueenClaim, QueenRef, Role,
};
use crate::handle::Command;
use crate::membership::Membership;
use crate::metrics::Metrics;
use crate::peer_cache::PeerCache;
use crate::redial::Redialer;
use crate::topic::SwarmTopic;

/// Most outgoing connections the node opens on its own to peers it learns about.
const MAX_AUTO_DIAL_PEERS: usize = 64;
/// Period of the timer driving election, heartbeats and re-dials.
const TICK: Duration = Duration::from_millis(50);
/// Most peers remembered as having passed identify (entries of disconnected peers are evicted).
const MAX_IDENTIFIED: usize = 2048;

/// The network task.
pub struct Network {
    swarm: Swarm<Behaviour>,
    swarm_name: String,
    local: PeerId,
    participation: Participation,
    topics: HashMap<TopicHash, SwarmTopic>,
    membership: Membership,
    election: Option<Election>,
    redialer: Redialer,
    peer_cache: Option<PeerCache>,
    metrics: Metrics,
    listen_addrs: Vec<Multiaddr>,
    seq: u64,
    heartbeat_interval: Duration,
    last_heartbeat: Option<Instant>,
    last_housekeeping: Instant,
    last_kad_bootstrap: Option<Instant>,
    commands: mpsc::Receiver<Command>,
    view: watch::Sender<Arc<SwarmView>>,
    events: broadcast::Sender<NetworkEvent>,
    view_dirty: bool,
    /// On-chain admission (`--require-registration`): only these peers may be members.
    admitted: Option<HashSet<PeerId>>,
    /// Peers that passed identify with this swarm's protocol version.
    identified: HashSet<PeerId>,
    /// Remote IP of each connected peer: identify addresses are kept only on that host.
    remote_ips: HashMap<PeerId, IpAddr>,
}

/// Unix time in milliseconds.
pub fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Network {
    /// Builds the swarm, starts listening and spawns the event loop on the current runtime. The
    /// loop stops when `shutdown` is cancelled (or every handle is dropped); the returned
    /// handle resolves once it has stopped.
    pub fn spawn(
        config: NetworkConfig,
        shutdown: CancellationToken,
    ) -> Result<(NetworkHandle, tokio::task::JoinHandle<()>), NetworkError> {
        if !valid_swarm_name(&config.swarm) {
            return Err(NetworkError::InvalidSwarmName(config.swarm));
        }
        let local = config.keypair.public().to_peer_id();
        let full = matches!(config.participation, Participation::Full { .. });
        let swarm_name = config.swarm.clone();
        let mdns = config.mdns;
        let mut swarm = libp2p::SwarmBuilder::with_existing_identity(config.keypair.clone())
            .with_tokio()
            .with_tcp(
                tcp::Config::default().nodelay(true),
                noise::Config::new,
                yamux::Config::default,
            )
            .map_err(NetworkError::Transport)?
            .with_quic()
            .with_behaviour(|key| Behaviour::new(key, &swarm_name, full, mdns))
            .map_err(NetworkError::Behaviour)?
            .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(60)))
            .build();

        let subscribed: Vec<SwarmTopic> = match &config.participation {
            Participation::Full { .. } => SwarmTopic::ALL.to_vec(),
            Participation::Light { topics } => topics.clone(),
        };
        let mut topics = HashMap::new();
        for t in subscribed {
            let ident = t.ident(&config.swarm);
            swarm
                .behaviour_mut()
                .gossipsub
                .subscribe(&ident)
                .map_err(|source| NetworkError::Subscribe {
                    topic: t.short_name(),
                    source,
                })?;
            topics.insert(ident.hash(), t);
        }
        for addr in &config.listen {
            swarm
                .listen_on(addr.clone())
                .map_err(|source| NetworkError::Listen {
                    addr: addr.clone(),
                    source,
                })?;
        }

        let now = Instant::now();
        let mut redialer = Redialer::default();
        for addr in &config.bootstrap {
            redialer.add_bootstrap(addr.clone(), now);
        }
        let peer_cache = config.peer_cache.as_deref().map(PeerCache::load);
        if let Some(cache) = &peer_cache {
            for (peer, addrs) in cache.peers() {
                if *peer != local {
                    redialer.add(*peer, addrs.clone(), now);
                }
            }
        }

        let (commands_tx, commands_rx) = mpsc::channel(1024);
        let (events_tx, _) = broadcast::channel(4096);
        let initial = Arc::new(SwarmView {
            swarm: config.swarm.clone(),
            peer_id: local.to_base58(),
            listen_addrs: Vec::new(),
            role: Role::Worker,
            queen: None,
            max_term: 0,
            elections: 0,
            connected_peers: 0,
            members: Vec::new(),
        });
        let (view_tx, view_rx) = watch::channel(initial);
        let handle = NetworkHandle {
            local_peer_id: local,
            swarm: config.swarm.clone(),
            commands: commands_tx,
            view: view_rx,
            events: events_tx.clone(),
        };
        let network = Network {
            swarm,
            swarm_name: config.swarm,
            local,
            election: full.then(|| Election::new(local, config.election, now)),
            participation: config.participation,
            topics,
            membership: Membership::default(),
            redialer,
            peer_cache,
            metrics: config.metrics,
            listen_addrs: Vec::new(),
            // Start above anything sent before a restart.
            seq: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_micros() as u64)
                .unwrap_or(1),
            heartbeat_interval: config.heartbeat_interval,
            last_heartbeat: None,
            last_housekeeping: now,
            last_kad_bootstrap: None,
            commands: commands_rx,
            view: view_tx,
            events: events_tx,
            view_dirty: true,
            admitted: None,
            identified: HashSet::new(),
            remote_ips: HashMap::new(),
        };
        let task = tokio::spawn(network.run(shutdown));
        Ok((handle, task))
    }

    async fn run(mut self, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => {
                    self.shutdown().await;
                    return;
                }
                event = self.swarm.select_next_some() => self.on_swarm_event(event),
                command = self.commands.recv() => match command {
                    Some(Command::Publish(payload, reply)) => {
                        let _ = reply.send(self.publish(payload));
                    }
                    Some(Command::AddPeer(peer, addrs)) => {
                        self.learn_addresses(peer, &addrs);
                        self.dial_if_new(peer, addrs);
                    }
                    Some(Command::Admit(peers)) => {
                        if let Some(admitted) = &peers {
                            let evicted: Vec<PeerId> = self
                                .membership
                                .iter()
                                .map(|m| m.peer_id)
                                .filter(|p| !admitted.contains(p))
                                .collect();
                            for p in evicted {
                                self.membership.remove(&p);
                            }
                        }
                        self.admitted = peers;
                        self.view_dirty = true;
                    }
                    None => {
                        self.shutdown().await;
                        return;
                    }
                },
                _ = tick.tick() => self.on_tick(),
            }
            if self.view_dirty {
                self.publish_view();
            }
        }
    }

    fn is_full(&self) -> bool {
        matches!(self.participation, Participation::Full { .. })
    }

    fn publish(&mut self, payload: Payload) -> Result<(), NetworkError> {
        let topic = payload.topic();
        self.seq += 1;
        let env = Envelope::new(&self.swarm_name, self.local, self.seq, unix_ms(), payload);
        match self
            .swarm
            .behaviour_mut()
            .gossipsub
            .publish(topic.ident(&self.swarm_name), env.encode())
        {
            Ok(_) => {
                self.metrics.inc_out(topic);
                Ok(())
            }
            Err(gossipsub::PublishError::NoPeersSubscribedToTopic) => Ok(()),
            Err(source) => Err(NetworkError::Publish {
                topic: topic.short_name(),
                source,
            }),
        }
    }

    async fn shutdown(&mut self) {
        let abdicated = self.election.as_mut().and_then(|e| e.abdicate());
        if let Some(term) = abdicated {
            tracing::info!(term, "queen abdicates");
            if let Err(e) = self.publish(Payload::Abdication(Abdication { term })) {
                tracing::warn!(error = %e, "abdication not sent");
            }
            // Keep driving the swarm briefly so the abdication leaves the socket.
            let deadline = tokio::time::sleep(Duration::from_millis(300));
            tokio::pin!(deadline);
            loop {
                tokio::select! {
                    _ = &mut deadline => break,
                    _ = self.swarm.select_next_some() => {}
                }
            }
        }
        self.save_peer_cache();
    }

    fn save_peer_cache(&mut self) {
        if let Some(cache) = &mut self.peer_cache
            && let Err(e) = cache.save()
        {
            tracing::warn!(error = %e, "cannot save peer cache");
        }
    }

    fn on_tick(&mut self) {
        let now = Instant::now();
        let action = match self.election.as_mut() {
            Some(election) => {
                let alive = self.membership.alive(now);
                let backing = election.queen().map_or(0, |q| {
                    let queen = q.peer_id.to_base58();
                    alive
                        .iter()
                        .filter_map(|p| self.membership.get(p))
                        .filter(|m| {
                            m.heartbeat
                                .queen
                                .as_ref()
                                .is_some_and(|r| r.peer_id == queen && r.term == q.term)
                        })
                        .count()
                });
                let quorum = Quorum {
                    alive: &alive,
                    known: self.membership.known(),
                    backing,
                };
                election.tick(now, &quorum)
            }
            None => None,
        };
        match action {
            Some(Action::Claim(term)) => {
                let lease_ms = self.election.as_ref().map_or(3000, |e| {
                    u64::try_from(e.config().lease.as_millis()).unwrap_or(u64::MAX)
                });
                if let Err(e) = self.publish(Payload::QueenClaim(QueenClaim { term, lease_ms })) {
                    tracing::warn!(error = &e as &dyn std::error::Error, "claim not sent");
                }
                self.view_dirty = true;
            }
            Some(Action::StepDown(term)) => {
                tracing::warn!(term, "queen stepped down: no majority of the members heard");
                self.metrics.elections.inc();
                self.view_dirty = true;
            }
            None => {}
        }
        if self.is_full()
            && self
                .last_heartbeat
                .is_none_or(|t| now.duration_since(t) >= self.heartbeat_interval)
        {
            self.last_heartbeat = Some(now);
            let hb = self.heartbeat();
            if let Err(e) = self.publish(Payload::Heartbeat(hb)) {
                tracing::warn!(error = &e as &dyn std::error::Error, "heartbeat not sent");
            }
            // Refresh ages in the view at heartbeat rate.
            self.view_dirty = true;
        }
        if now.duration_since(self.last_housekeeping) >= Duration::from_secs(1) {
            self.last_housekeeping = now;
            self.housekeeping(now);
        }
    }

    fn housekeeping(&mut self, now: Instant) {
        for gone in self.membership.prune(now) {
            tracing::info!(peer = %gone, "member expired");
            self.view_dirty = true;
        }
        let connections = self.swarm.network_info().num_peers();
        let due = {
            let swarm = &self.swarm;
            self.redialer
                .due(now, |p| swarm.is_connected(p), connections)
        };
        for (peer, addrs) in due {
            let opts = match peer {
                Some(peer) => DialOpts::peer_id(peer)
                    .addresses(addrs)
                    .condition(PeerCondition::DisconnectedAndNotDialing)
                    .build(),
                None => DialOpts::unknown_peer_id()
                    .address(addrs[0].clone())
                    .build(),
            };
            if let Err(e) = self.swarm.dial(opts) {
                tracing::debug!(error = %e, "re-dial not started");
            }
        }
        if connections > 0
            && self
                .last_kad_bootstrap
                .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(30))
        {
            self.last_kad_bootstrap = Some(now);
            let _ = self.swarm.behaviour_mut().kad.bootstrap();
        }
        // Writes only when addresses changed.
        self.save_peer_cache();
        self.metrics.members.set(self.membership.len() as i64);
        self.metrics.peers_connected.set(connections as i64);
    }

    fn heartbeat(&self) -> Heartbeat {
        let now = Instant::now();
        let (name, gateway) = match &self.participation {
            Participation::Full { name, gateway } => (name.clone(), gateway.clone()),
            Participation::Light { .. } => (String::new(), None),
        };
        let election = self.election.as_ref();
        Heartbeat {
            name,
            role: self.role(),
            listen_addrs: self
                .listen_addrs
                .iter()
                .take(crate::envelope::MAX_ADDRS)
                .map(|a| a.to_string())
                .collect(),
            gateway,
            // Only a live lease: peers use it to tell whether the queen is still heard.
            queen: election.and_then(|e| e.live_queen(now)).map(|q| QueenRef {
                peer_id: q.peer_id.to_base58(),
                term: q.term,
            }),
            max_term: election.map_or(0, |e| e.max_term_seen()),
            interval_ms: self.heartbeat_interval.as_millis() as u64,
        }
    }

    fn role(&self) -> Role {
        if self.election.as_ref().is_some_and(|e| e.is_queen()) {
            Role::Queen
        } else {
            Role::Worker
        }
    }

    fn publish_view(&mut self) {
        self.view_dirty = false;
        let now = Instant::now();
        let election = self.election.as_ref();
        let queen = election.and_then(|e| e.queen()).map(|q| QueenRef {
            peer_id: q.peer_id.to_base58(),
            term: q.term,
        });
        self.metrics
            .queen_term
            .set(queen.as_ref().map_or(0, |q| q.term as i64));
        self.metrics
            .is_queen
            .set((self.role() == Role::Queen) as i64);
        let view = SwarmView {
            swarm: self.swarm_name.clone(),
            peer_id: self.local.to_base58(),
            listen_addrs: self
                .listen_addrs
                .iter()
                .map(|a| a.clone().with(Protocol::P2p(self.local)).to_string())
                .collect(),
            role: self.role(),
            queen,
            max_term: election.map_or(0, |e| e.max_term_seen()),
            elections: election.map_or(0, |e| e.elections()),
            connected_peers: self.swarm.network_info().num_peers(),
            members: self.membership.views(now),
        };
        self.view.send_replace(Arc::new(view));
    }

    fn dial_if_new(&mut self, peer: PeerId, addrs: Vec<Multiaddr>) {
        if peer == self.local || self.swarm.is_connected(&peer) || addrs.is_empty() {
            return;
        }
        if self.swarm.network_info().num_peers() >= MAX_AUTO_DIAL_PEERS {
            return;
        }
        let opts = DialOpts::peer_id(peer)
            .addresses(addrs)
            .condition(PeerCondition::DisconnectedAndNotDialing)
            .build();
        if let Err(e) = self.swarm.dial(opts) {
            tracing::debug!(%peer, error = %e, "dial not started");
        }
    }

    fn learn_addresses(&mut self, peer: PeerId, addrs: &[Multiaddr]) {
        if peer == self.local {
            return;
        }
        let now = Instant::now();
        for a in addrs {
            self.swarm.behaviour_mut().kad.add_address(&peer, a.clone());
        }
        self.redialer.add(peer, addrs.to_vec(), now);
        if let Some(cache) = &mut self.peer_cache {
            cache.insert(peer, addrs.to_vec());
        }
    }

    fn on_swarm_event(&mut self, event: SwarmEvent<BehaviourEvent>) {
        match event {
            SwarmEvent::NewListenAddr { address, .. } => {
                tracing::info!(
                    address = %address.clone().with(Protocol::P2p(self.local)),
                    "listening"
                );
                if !self.listen_addrs.contains(&address) {
                    self.listen_addrs.push(address);
                }
                self.view_dirty = true;
            }
            SwarmEvent::ExpiredListenAddr { address, .. } => {
                self.listen_addrs.retain(|a| *a != address);
                self.view_dirty = true;
            }
            SwarmEvent::ConnectionEstablished {
                peer_id,
                num_established,
                endpoint,
                ..
            } => {
                tracing::debug!(peer = %peer_id, "connected");
                if let Some(ip) = ip_of(endpoint.get_remote_address()) {
                    self.remote_ips.insert(peer_id, ip);
                }
                self.redialer.on_connected(&peer_id, Instant::now());
                if num_established.get() == 1 {
                    self.view_dirty = true;
                }
                if self.last_kad_bootstrap.is_none() {
                    self.last_kad_bootstrap = Some(Instant::now());
                    let _ = self.swarm.behaviour_mut().kad.bootstrap();
                }
            }
            SwarmEvent::ConnectionClosed {
                peer_id,
                num_established: 0,
                ..
            } => {
                tracing::debug!(peer = %peer_id, "disconnected");
                self.remote_ips.remove(&peer_id);
                self.view_dirty = true;
            }
            SwarmEvent::OutgoingConnectionError { peer_id, error, .. } => {
                tracing::debug!(peer = ?peer_id, error = %error, "dial failed");
            }
            SwarmEvent::Behaviour(event) => self.on_behaviour_event(event),
            _ => {}
        }
    }

    fn on_behaviour_event(&mut self, event: BehaviourEvent) {
        match event {
            BehaviourEvent::Gossipsub(gossipsub::Event::Message {
                propagation_source,
                message_id,
                message,
            }) => self.on_gossip(propagation_source, message_id, message),
            BehaviourEvent::Identify(identify::Event::Received { peer_id, info, .. }) => {
                let ours = kad_protocol(&self.swarm_name);
                if info.protocol_version != identify_version(&self.swarm_name) {
                    return;
                }
                // Admission needs this swarm's protocol version; light participants (no
                // Kademlia server) are admitted too, but only full nodes' addresses are kept.
                self.on_identified(peer_id);
                if info.protocols.contains(&ours) {
                    // A peer may only point at its own host: addresses on other hosts (someone
                    // else's server) are never learned or dialed.
                    let host = self.remote_ips.get(&peer_id).copied();
                    let own: Vec<Multiaddr> = info
                        .listen_addrs
                        .into_iter()
                        .filter(|a| host.is_some() && ip_of(a) == host)
                        .take(crate::envelope::MAX_ADDRS)
                        .collect();
                    self.learn_addresses(peer_id, &own);
                }
            }
            BehaviourEvent::Kad(kad::Event::RoutingUpdated {
                peer, addresses, ..
            }) => {
                let addrs: Vec<Multiaddr> = addresses.iter().cloned().collect();
                self.redialer.add(peer, addrs.clone(), Instant::now());
                if self.is_full() {
                    self.dial_if_new(peer, addrs);
                }
            }
            BehaviourEvent::Mdns(mdns::Event::Discovered(found)) => {
                for (peer, addr) in found {
                    self.learn_addresses(peer, std::slice::from_ref(&addr));
                    self.dial_if_new(peer, vec![addr]);
                }
            }
            _ => {}
        }
    }

    fn on_gossip(&mut self, source: PeerId, id: gossipsub::MessageId, message: gossipsub::Message) {
        let Some(&topic) = self.topics.get(&message.topic) else {
            return;
        };
        let Some(author) = message.source else {
            // Strict validation mode never delivers unsigned messages.
            return;
        };
        let now_ms = unix_ms();
        if let Some(admitted) = &self.admitted
            && !admitted.contains(&author)
        {
            self.swarm
                .behaviour_mut()
                .gossipsub
                .report_message_validation_result(
                    &id,
                    &source,
                    gossipsub::MessageAcceptance::Ignore,
                );
            self.metrics
                .inc_rejected(topic.short_name(), "unregistered");
            return;
        }
        let result = Envelope::decode(&message.data, topic, &self.swarm_name, &author, now_ms);
        if let Ok(envelope) = &result
            && let Some(term) = self.implausible_term(&author, &envelope.payload)
        {
            if self.membership.is_empty() {
                // Nothing to judge by yet (a node just joining a long-running swarm): drop it
                // without penalty and learn the terms from members' heartbeats first.
                self.swarm
                    .behaviour_mut()
                    .gossipsub
                    .report_message_validation_result(
                        &id,
                        &source,
                        gossipsub::MessageAcceptance::Ignore,
                    );
                return;
            }
            // Terms cannot grow faster than takeovers: refuse and penalise the sender.
            self.swarm
                .behaviour_mut()
                .gossipsub
                .report_message_validation_result(
                    &id,
                    &source,
                    gossipsub::MessageAcceptance::Reject,
                );
            self.metrics
                .inc_rejected(topic.short_name(), "implausible_term");
            tracing::warn!(%source, %author, term, topic = topic.short_name(), "implausible term refused");
            return;
        }
        let member = self.is_admitted(&author);
        let gossipsub = &mut self.swarm.behaviour_mut().gossipsub;
        match result {
            Ok(envelope) => {
                gossipsub.report_message_validation_result(
                    &id,
                    &source,
                    gossipsub::MessageAcceptance::Accept,
                );
                self.metrics.inc_in(topic);
                if self.is_full() && member {
                    self.apply(author, &envelope.payload);
                }
                let _ = self.events.send(NetworkEvent::Message(Arc::new(Inbound {
                    topic,
                    envelope,
                    received_ms: now_ms,
                    from_member: member,
                })));
            }
            Err(error) => {
                gossipsub.report_message_validation_result(
                    &id,
                    &source,
                    gossipsub::MessageAcceptance::Reject,
                );
                let reason = match &error {
                    EnvelopeError::Oversized { .. } => "oversized",
                    EnvelopeError::Malformed(_) => "malformed",
                    EnvelopeError::UnknownVersion(_) => "unknown_version",
                    EnvelopeError::WrongSwarm(_) => "wrong_swarm",
                    EnvelopeError::WrongTopic { .. } => "wrong_topic",
                    EnvelopeError::SenderMismatch { .. } => "sender_mismatch",
                    EnvelopeError::Stale { .. } => "stale",
                    EnvelopeError::InvalidBody { .. } => "invalid_body",
                    EnvelopeError::BadSignature { .. } => "bad_signature",
                };
                self.metrics.inc_rejected(topic.short_name(), reason);
                tracing::debug!(%source, %author, topic = topic.short_name(), %error, "rejected gossip");
                let _ = self.events.send(NetworkEvent::Rejected {
                    topic,
                    from: source,
                    error,
                });
            }
        }
    }

    /// Whether `peer` is an admitted member: it passed identify with this swarm's protocol
    /// version and, when registration is required, holds a verified registration.
    fn is_admitted(&self, peer: &PeerId) -> bool {
        self.identified.contains(peer) && self.admitted.as_ref().is_none_or(|a| a.contains(peer))
    }

    fn on_identified(&mut self, peer: PeerId) {
        if self.identified.len() >= MAX_IDENTIFIED && !self.identified.contains(&peer) {
            let swarm = &self.swarm;
            let members = &self.membership;
            self.identified
                .retain(|p| swarm.is_connected(p) || members.contains(p));
            if self.identified.len() >= MAX_IDENTIFIED {
                return;
            }
        }
        self.identified.insert(peer);
    }

    /// The term of a claim, heartbeat, abdication or manifest when it exceeds what elapsed time
    /// and the members' reports allow (see [`Election::term_bound`]).
    fn implausible_term(&self, author: &PeerId, payload: &Payload) -> Option<u64> {
        let election = self.election.as_ref()?;
        let now = Instant::now();
        // An admitted peer's heartbeat counts in the median even before it is listed, so a
        // joining node can catch up with the swarm's term.
        let member = self.is_admitted(author);
        let (term, reported) = match payload {
            Payload::Heartbeat(hb) => (
                hb.max_term,
                self.membership
                    .reported_terms(member.then_some((author, hb.max_term))),
            ),
            Payload::QueenClaim(c) => (c.term, self.membership.reported_terms(None)),
            Payload::Abdication(a) => (a.term, self.membership.reported_terms(None)),
            Payload::WeightsUpdate(m) | Payload::WeightsAggregate(m) => {
                (m.term, self.membership.reported_terms(None))
            }
            Payload::IqAssignment(a) => (a.term, self.membership.reported_terms(None)),
            Payload::IqSummary(s) => (s.term, self.membership.reported_terms(None)),
            _ => return None,
        };
        (!election.plausible(term, now, &reported)).then_some(term)
    }

    fn apply(&mut self, author: PeerId, payload: &Payload) {
        let now = Instant::now();
        match payload {
            Payload::Heartbeat(hb) => {
                // Listen addresses in heartbeats are informational: addresses are learned from
                // identify only (on the peer's own host), never dialed from gossip.
                if let Some(e) = self.election.as_mut() {
                    e.observe_term(hb.max_term, now);
                }
                if self.membership.on_heartbeat(author, hb.clone(), now) {
                    tracing::info!(peer = %author, name = %hb.name, "new member");
                    self.view_dirty = true;
                }
            }
            Payload::QueenClaim(claim) => {
                let Some(election) = self.election.as_mut() else {
                    return;
                };
                match election.on_claim(author, claim.term, now) {
                    ClaimOutcome::NewQueen { stepped_down } => {
                        self.metrics.elections.inc();
                        if stepped_down {
                            tracing::info!(queen = %author, term = claim.term, "stepped down");
                        } else {
                            tracing::info!(queen = %author, term = claim.term, "new queen");
                        }
                        self.view_dirty = true;
                    }
                    ClaimOutcome::Stale => {
                        tracing::debug!(peer = %author, term = claim.term, "ignored stale claim")
                    }
                    ClaimOutcome::Renewed | ClaimOutcome::Outranked => {}
                }
            }
            Payload::Abdication(a) => {
                if let Some(election) = self.election.as_mut()
                    && election.on_abdication(author, a.term, now)
                {
                    tracing::info!(queen = %author, term = a.term, "queen abdicated");
                }
                self.membership.remove(&author);
                self.view_dirty = true;
            }
            Payload::Bloch(b) => {
                if let Some(m) = self.membership.get_mut(&author) {
                    m.bloch = Some(b.clone());
                }
            }
            Payload::Psi(p) => {
                if let Some(m) = self.membership.get_mut(&author) {
                    m.psi = Some(p.clone());
                }
            }
            Payload::Pheromones(p) => {
                if let Some(m) = self.membership.get_mut(&author) {
                    m.pheromones = Some(p.clone());
                }
            }
            Payload::Probe(_)
            | Payload::WeightsUpdate(_)
            | Payload::WeightsAggregate(_)
            | Payload::IqRequest(_)
            | Payload::IqAssignment(_)
            | Payload::IqResult(_)
            | Payload::IqSummary(_) => {}
        }
    }
}

/// The IP address an address starts with, if any.
fn ip_of(addr: &Multiaddr) -> Option<IpAddr> {
    match addr.iter().next()? {
        Protocol::Ip4(ip) => Some(IpAddr::V4(ip)),
        Protocol::Ip6(ip) => Some(IpAddr::V6(ip)),
        _ => None,
    }
}
