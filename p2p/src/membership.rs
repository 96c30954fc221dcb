//! Who is in the swarm: members learned from heartbeats, with their latest gossiped state.
//!
//! Only admitted peers become members (the network checks identify and, when required, the
//! on-chain registration before calling [`Membership::on_heartbeat`]). The table is bounded by
//! [`MAX_MEMBERS`]; the roster of recently known members (the denominator of the election's
//! majority) is kept for [`ROSTER_TTL`] and bounded the same way.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use libp2p::{Multiaddr, PeerId};
use serde::Serialize;

use crate::envelope::{BlochBody, Heartbeat, PheromonesBody, PsiBody, QueenRef, Role};

/// How long a member stays listed after its last heartbeat.
pub const MEMBER_TTL: Duration = Duration::from_secs(10);
/// Heartbeats missed before a member is suspected dead (no longer counted as alive).
pub const SUSPECT_AFTER_MISSED: u32 = 3;
/// Most members listed at once; heartbeats of further new peers are not recorded.
pub const MAX_MEMBERS: usize = 1024;
/// How long a member that went silent still counts as known for the election's majority.
pub const ROSTER_TTL: Duration = Duration::from_secs(60);

/// One member of the swarm as this node sees it.
#[derive(Debug, Clone)]
pub struct Member {
    /// Its peer id.
    pub peer_id: PeerId,
    /// Latest heartbeat.
    pub heartbeat: Heartbeat,
    /// When its latest heartbeat arrived.
    pub last_seen: Instant,
    /// Smoothed heartbeat interval.
    pub interval_ema: Option<Duration>,
    /// Surprise of the latest interval: |interval - expected| / expected, clamped to [0, 1].
    pub surprise: f64,
    /// Latest Bloch state it gossiped.
    pub bloch: Option<BlochBody>,
    /// Latest Psi it gossiped.
    pub psi: Option<PsiBody>,
    /// Latest pheromone trails it gossiped.
    pub pheromones: Option<PheromonesBody>,
}

impl Member {
    /// Whether its heartbeats are on time (at most [`SUSPECT_AFTER_MISSED`] missed).
    pub fn is_alive(&self, now: Instant) -> bool {
        let period = Duration::from_millis(self.heartbeat.interval_ms);
        now.duration_since(self.last_seen) <= period * SUSPECT_AFTER_MISSED
    }
}

/// Table of members, keyed by peer id.
#[derive(Debug, Default)]
pub struct Membership {
    members: HashMap<PeerId, Member>,
    /// Members known recently (last heartbeat), kept after they expire from `members`.
    roster: HashMap<PeerId, Instant>,
}

/// A member as shown to users (status endpoint).
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    /// Peer id (base58 in JSON).
    pub peer_id: PeerId,
    /// Node name.
    pub name: String,
    /// Role it announces.
    pub role: Role,
    /// Its gateway URL, if any.
    pub gateway: Option<String>,
    /// Its listen addresses.
    pub listen_addrs: Vec<Multiaddr>,
    /// Queen it follows.
    pub queen: Option<QueenRef>,
    /// Its Bloch state.
    pub bloch: Option<BlochBody>,
    /// Its Psi.
    pub psi: Option<PsiBody>,
    /// Number of pheromone trails it shared.
    pub pheromone_trails: usize,
    /// Milliseconds since its last heartbeat.
    pub last_seen_ms: u64,
    /// Surprise of its latest heartbeat interval, in [0, 1].
    pub heartbeat_surprise: f64,
    /// Whether its heartbeats are on time.
    pub alive: bool,
}

impl Membership {
    /// Records a heartbeat. Returns true for a member not known before; a new member past
    /// [`MAX_MEMBERS`] is not recorded (returns false).
    pub fn on_heartbeat(&mut self, peer: PeerId, hb: Heartbeat, now: Instant) -> bool {
        if !self.members.contains_key(&peer) && self.members.len() >= MAX_MEMBERS {
            return false;
        }
        if self.roster.len() < MAX_MEMBERS || self.roster.contains_key(&peer) {
            self.roster.insert(peer, now);
        }
        match self.members.get_mut(&peer) {
            Some(m) => {
                let interval = now.duration_since(m.last_seen);
                let expected = m
                    .interval_ema
                    .unwrap_or(Duration::from_millis(hb.interval_ms));
                let e = expected.as_secs_f64().max(1e-3);
                m.surprise = ((interval.as_secs_f64() - e).abs() / e).min(1.0);
                m.interval_ema = Some(expected.mul_f64(0.8) + interval.mul_f64(0.2));
                m.heartbeat = hb;
                m.last_seen = now;
                false
            }
            None => {
                self.members.insert(
                    peer,
                    Member {
                        peer_id: peer,
                        heartbeat: hb,
                        last_seen: now,
                        interval_ema: None,
                        surprise: 0.0,
                        bloch: None,
                        psi: None,
                        pheromones: None,
                    },
                );
                true
            }
        }
    }

    /// A known member.
    pub fn get(&self, peer: &PeerId) -> Option<&Member> {
        self.members.get(peer)
    }

    /// Mutable access to a known member (to attach gossiped state).
    pub fn get_mut(&mut self, peer: &PeerId) -> Option<&mut Member> {
        self.members.get_mut(peer)
    }

    /// Forgets a member at once (it said goodbye).
    pub fn remove(&mut self, peer: &PeerId) {
        self.members.remove(peer);
        self.roster.remove(peer);
    }

    /// Whether `peer` is a listed member.
    pub fn contains(&self, peer: &PeerId) -> bool {
        self.members.contains_key(peer)
    }

    /// Number of members known within [`ROSTER_TTL`], alive or not.
    pub fn known(&self) -> usize {
        self.roster.len()
    }

    /// The highest term each member reported in its latest heartbeat, with `candidate`'s new
    /// value in place of its recorded one (for the election's term bound).
    pub fn reported_terms(&self, candidate: Option<(&PeerId, u64)>) -> Vec<u64> {
        let mut terms: Vec<u64> = self
            .members
            .values()
            .filter(|m| candidate.is_none_or(|(p, _)| *p != m.peer_id))
            .map(|m| m.heartbeat.max_term)
            .collect();
        terms.extend(candidate.map(|(_, t)| t));
        terms
    }

    /// Drops members silent for longer than [`MEMBER_TTL`].
    pub fn prune(&mut self, now: Instant) -> Vec<PeerId> {
        let gone: Vec<PeerId> = self
            .members
            .values()
            .filter(|m| now.duration_since(m.last_seen) > MEMBER_TTL)
            .map(|m| m.peer_id)
            .collect();
        for p in &gone {
            self.members.remove(p);
        }
        self.roster
            .retain(|_, seen| now.duration_since(*seen) <= ROSTER_TTL);
        gone
    }

    /// Members whose heartbeats are on time.
    pub fn alive(&self, now: Instant) -> Vec<PeerId> {
        self.members
            .values()
            .filter(|m| m.is_alive(now))
            .map(|m| m.peer_id)
            .collect()
    }

    /// All members.
    pub fn iter(&self) -> impl Iterator<Item = &Member> {
        self.members.values()
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether no member is known.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// User-facing snapshot, sorted by peer id.
    pub fn views(&self, now: Instant) -> Vec<MemberView> {
        let mut v: Vec<MemberView> = self
            .members
            .values()
            .map(|m| MemberView {
                peer_id: m.peer_id,
                name: m.heartbeat.name.clone(),
                role: m.heartbeat.role,
                gateway: m.heartbeat.gateway.clone(),
                listen_addrs: m.heartbeat.listen_addrs.clone(),
                queen: m.heartbeat.queen.clone(),
                bloch: m.bloch.clone(),
                psi: m.psi.clone(),
                pheromone_trails: m.pheromones.as_ref().map_or(0, |p| p.trails.len()),
                last_seen_ms: now.duration_since(m.last_seen).as_millis() as u64,
                heartbeat_surprise: m.surprise,
                alive: m.is_alive(now),
            })
            .collect();
        v.sort_by_cached_key(|m| m.peer_id.to_base58());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hb() -> Heartbeat {
        Heartbeat {
            name: "n".into(),
            role: Role::Worker,
            listen_addrs: vec![],
            gateway: None,
            queen: None,
            max_term: 0,
            interval_ms: 500,
        }
    }

    #[test]
    fn members_and_roster_are_bounded() {
        let t0 = Instant::now();
        let mut m = Membership::default();
        for _ in 0..MAX_MEMBERS + 50 {
            m.on_heartbeat(PeerId::random(), hb(), t0);
        }
        assert_eq!(m.len(), MAX_MEMBERS);
        assert_eq!(m.known(), MAX_MEMBERS);
        // Expired members stay known for the majority until the roster forgets them.
        m.prune(t0 + MEMBER_TTL + Duration::from_millis(1));
        assert!(m.is_empty());
        assert_eq!(m.known(), MAX_MEMBERS);
        m.prune(t0 + ROSTER_TTL + Duration::from_millis(1));
        assert_eq!(m.known(), 0);
    }

    #[test]
    fn liveness_surprise_and_pruning() {
        let t0 = Instant::now();
        let p = PeerId::random();
        let mut m = Membership::default();
        assert!(m.on_heartbeat(p, hb(), t0));
        assert!(!m.on_heartbeat(p, hb(), t0 + Duration::from_millis(500)));
        assert_eq!(m.get_mut(&p).unwrap().surprise, 0.0);
        // A late heartbeat is surprising.
        m.on_heartbeat(p, hb(), t0 + Duration::from_millis(1250));
        let s = m.get_mut(&p).unwrap().surprise;
        assert!((s - 0.5).abs() < 1e-6, "surprise {s}");
        let last = t0 + Duration::from_millis(1250);
        assert_eq!(m.alive(last + Duration::from_millis(1500)), vec![p]);
        assert!(m.alive(last + Duration::from_millis(1501)).is_empty());
        assert!(m.prune(last + MEMBER_TTL).is_empty());
        assert_eq!(
            m.prune(last + MEMBER_TTL + Duration::from_millis(1)),
            vec![p]
        );
        assert!(m.is_empty());
    }
}
