//! Re-dialing known peers with exponential back-off.
//!
//! Targets come from the bootstrap list, the peer cache and members seen in gossip. A target
//! that is not connected is dialed when its back-off has elapsed; each failure doubles the
//! back-off up to [`MAX_BACKOFF`], a connection resets it. Peers unseen for [`FORGET_AFTER`] are
//! dropped (bootstrap addresses never are).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use libp2p::multiaddr::Protocol;
use libp2p::{Multiaddr, PeerId};

/// First retry delay.
pub const MIN_BACKOFF: Duration = Duration::from_secs(1);
/// Longest retry delay (bounds partition-heal time).
pub const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Non-bootstrap targets are forgotten after this long without a connection or heartbeat.
pub const FORGET_AFTER: Duration = Duration::from_secs(600);
/// Most peers kept as re-dial targets; past it the least recently seen non-bootstrap target
/// makes room.
pub const MAX_TARGETS: usize = 1024;

#[derive(Debug)]
struct Target {
    addrs: Vec<Multiaddr>,
    backoff: Duration,
    next_at: Instant,
    last_seen: Instant,
    bootstrap: bool,
}

/// Dial targets and their back-off state.
#[derive(Debug, Default)]
pub struct Redialer {
    targets: HashMap<PeerId, Target>,
    /// Bootstrap addresses without a `/p2p/` component: dialed only while no connection exists.
    anonymous: Vec<(Multiaddr, Duration, Instant)>,
}

/// Splits `/…/p2p/<id>` into the peer id and the address before it.
pub fn split_peer_id(addr: &Multiaddr) -> Option<(PeerId, Multiaddr)> {
    let mut base = addr.clone();
    match base.pop() {
        Some(Protocol::P2p(peer)) => Some((peer, base)),
        _ => None,
    }
}

impl Redialer {
    /// Adds a bootstrap address (kept forever).
    pub fn add_bootstrap(&mut self, addr: Multiaddr, now: Instant) {
        match split_peer_id(&addr) {
            Some((peer, base)) => {
                self.add(peer, vec![base], now);
                if let Some(t) = self.targets.get_mut(&peer) {
                    t.bootstrap = true;
                }
            }
            None => self.anonymous.push((addr, MIN_BACKOFF, now)),
        }
    }

    /// Adds or refreshes a known peer's addresses.
    pub fn add(&mut self, peer: PeerId, addrs: Vec<Multiaddr>, now: Instant) {
        if !self.targets.contains_key(&peer) && self.targets.len() >= MAX_TARGETS {
            let oldest = self
                .targets
                .iter()
                .filter(|(_, t)| !t.bootstrap)
                .min_by_key(|(_, t)| t.last_seen)
                .map(|(p, _)| *p);
            match oldest {
                Some(p) => {
                    self.targets.remove(&p);
                }
                None => return,
            }
        }
        let t = self.targets.entry(peer).or_insert_with(|| Target {
            addrs: Vec::new(),
            backoff: MIN_BACKOFF,
            next_at: now,
            last_seen: now,
            bootstrap: false,
        });
        for a in addrs {
            if !a.is_empty() && !t.addrs.contains(&a) {
                t.addrs.push(a);
            }
        }
        t.addrs.truncate(crate::peer_cache::MAX_ADDRS_PER_PEER);
        t.last_seen = now;
    }

    /// Number of targets with a peer id.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// Whether there is no target with a peer id.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// A connection to `peer` was established: reset its back-off.
    pub fn on_connected(&mut self, peer: &PeerId, now: Instant) {
        if let Some(t) = self.targets.get_mut(peer) {
            t.backoff = MIN_BACKOFF;
            t.next_at = now + MIN_BACKOFF;
            t.last_seen = now;
        }
    }

    /// Targets to dial now, given which peers are connected and how many connections exist.
    /// Schedules each returned target's next attempt with doubled back-off.
    pub fn due(
        &mut self,
        now: Instant,
        is_connected: impl Fn(&PeerId) -> bool,
        connections: usize,
    ) -> Vec<(Option<PeerId>, Vec<Multiaddr>)> {
        self.targets
            .retain(|_, t| t.bootstrap || now.duration_since(t.last_seen) < FORGET_AFTER);
        let mut out = Vec::new();
        for (peer, t) in self.targets.iter_mut() {
            if is_connected(peer) {
                t.last_seen = now;
                continue;
            }
            if now >= t.next_at && !t.addrs.is_empty() {
                out.push((Some(*peer), t.addrs.clone()));
                t.next_at = now + t.backoff;
                t.backoff = (t.backoff * 2).min(MAX_BACKOFF);
            }
        }
        if connections == 0 {
            for (addr, backoff, next_at) in self.anonymous.iter_mut() {
                if now >= *next_at {
                    out.push((None, vec![addr.clone()]));
                    *next_at = now + *backoff;
                    *backoff = (*backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_until_cap_and_resets_on_connect() {
        let t0 = Instant::now();
        let p = PeerId::random();
        let mut r = Redialer::default();
        r.add(p, vec!["/ip4/127.0.0.1/tcp/1".parse().unwrap()], t0);
        let never = |_: &PeerId| false;
        assert_eq!(r.due(t0, never, 0).len(), 1);
        assert!(r.due(t0 + Duration::from_millis(999), never, 0).is_empty());
        assert_eq!(r.due(t0 + Duration::from_secs(1), never, 0).len(), 1);
        // next after 2 s, then 4 s, then capped at 5 s.
        assert!(r.due(t0 + Duration::from_millis(2999), never, 0).is_empty());
        assert_eq!(r.due(t0 + Duration::from_secs(3), never, 0).len(), 1);
        assert_eq!(r.due(t0 + Duration::from_secs(7), never, 0).len(), 1);
        assert!(
            r.due(t0 + Duration::from_millis(11_999), never, 0)
                .is_empty()
        );
        assert_eq!(r.due(t0 + Duration::from_secs(12), never, 0).len(), 1);
        r.on_connected(&p, t0 + Duration::from_secs(12));
        assert!(r.due(t0 + Duration::from_secs(13), |_| true, 1).is_empty());
        assert_eq!(r.due(t0 + Duration::from_secs(13), never, 0).len(), 1);
    }

    #[test]
    fn targets_are_bounded_and_bootstrap_is_kept() {
        let t0 = Instant::now();
        let boot = PeerId::random();
        let mut r = Redialer::default();
        r.add_bootstrap(
            format!("/ip4/127.0.0.1/tcp/1/p2p/{boot}").parse().unwrap(),
            t0,
        );
        for i in 0..MAX_TARGETS + 100 {
            let at = t0 + Duration::from_millis(i as u64);
            r.add(
                PeerId::random(),
                vec!["/ip4/10.0.0.1/tcp/2".parse().unwrap()],
                at,
            );
        }
        assert_eq!(r.len(), MAX_TARGETS);
        assert!(r.targets.get(&boot).is_some_and(|t| t.bootstrap));
    }

    #[test]
    fn bootstrap_addresses() {
        let t0 = Instant::now();
        let p = PeerId::random();
        let mut r = Redialer::default();
        r.add_bootstrap(format!("/ip4/127.0.0.1/tcp/1/p2p/{p}").parse().unwrap(), t0);
        r.add_bootstrap("/ip4/127.0.0.1/tcp/2".parse().unwrap(), t0);
        let due = r.due(t0, |_| false, 0);
        assert_eq!(due.len(), 2);
        assert!(
            due.iter()
                .any(|(id, a)| *id == Some(p) && a[0].to_string() == "/ip4/127.0.0.1/tcp/1")
        );
        // Anonymous bootstrap is only used while there is no connection at all.
        let due = r.due(t0 + Duration::from_secs(5), |_| false, 1);
        assert_eq!(due.len(), 1);
        // Bootstrap targets are never forgotten.
        assert_eq!(r.due(t0 + FORGET_AFTER * 2, |_| false, 1).len(), 1);
    }
}
