//! Queen election by gossip: lease + term (fencing) + rank-staggered claims.
//!
//! There is no fixed coordinator and no vote. The queen re-announces `QueenClaim{term}` every
//! [`ElectionConfig::claim_interval`]; the claim grants a lease of [`ElectionConfig::lease`].
//!
//! Rules, applied identically by every node:
//! - **Accept**: a claim is accepted if its term is above the current queen's, or equal and the
//!   claimant ranks better (smaller [`rank`]) than the current queen. Lower terms are stale and
//!   ignored (fencing). A queen that accepts another claim steps down at once.
//! - **Takeover**: when no claim from the current queen arrived for a whole lease (or she
//!   abdicated, or none is known a lease after start-up), a node picks `term = max_term_seen + 1`
//!   and claims after `rank_index × backoff_step`, where `rank_index` is its position among the
//!   members it believes alive, ordered by `rank(peer, term)`. A claim for that term or higher
//!   arriving first cancels its own.
//! - **Abdication**: on shutdown the queen announces `Abdication{term}`; followers drop her at once
//!   and the best-ranked remaining member claims without waiting for the lease.
//!
//! - **Plausible terms**: a term can only grow as fast as real takeovers allow. A claim or
//!   heartbeat is checked against [`Election::term_bound`]: the highest term this node saw, plus
//!   one, plus one per lease period since that term was first seen — or, for a node catching up,
//!   one above the lower median of the terms its members report. Anything higher is refused
//!   (the network layer penalises its sender), so `term = u64::MAX` from one key cannot win, and
//!   a partition side that went through several takeovers while apart still wins when it heals.
//!   All term arithmetic is checked: at `u64::MAX` no node claims.
//! - **No deposing from an island** (Raft's check-quorum and pre-vote, without votes): a node
//!   claims only while it hears a majority of the members it knew (see [`Quorum`]) and while the
//!   alive members do not, in majority, still report a live lease of the current queen; a queen
//!   that stops hearing a majority steps down. A worker frozen or cut off for a while therefore
//!   cannot depose a healthy queen when it comes back.
//!
//! Safety: in a connected component, two same-term claims are resolved by rank on receipt, so
//! duplicates last at most one gossip delay after the second claim; a deposed or partitioned
//! queen's lower term is ignored everywhere it is higher. During a partition each side elects its
//! own queen; when it heals, the higher term (then the better rank) wins and the other steps down.
//! Liveness: after a queen dies, a new one is known within
//! `lease + rank_index_of_best_alive × backoff_step + gossip delay` (≈ 3.2 s with the defaults).
//! Only bounded clock-rate drift is assumed; no wall-clock agreement.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use libp2p::PeerId;

/// Timing parameters of the election.
#[derive(Debug, Clone)]
pub struct ElectionConfig {
    /// How long a claim keeps a queen in office without renewal.
    pub lease: Duration,
    /// How often the queen renews her claim (about a third of the lease).
    pub claim_interval: Duration,
    /// Delay between successive ranks when taking over.
    pub backoff_step: Duration,
}

impl Default for ElectionConfig {
    fn default() -> Self {
        ElectionConfig {
            lease: Duration::from_millis(3000),
            claim_interval: Duration::from_millis(1000),
            backoff_step: Duration::from_millis(150),
        }
    }
}

/// Deterministic rank of `peer` for `term`: smaller is better.
///
/// Seeding with the term rotates the order between terms, so a flapping node cannot stay first.
pub fn rank(peer: &PeerId, term: u64) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    h.update(&term.to_le_bytes());
    h.update(&peer.to_bytes());
    *h.finalize().as_bytes()
}

/// The queen as this node knows her.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queen {
    /// Her peer id.
    pub peer_id: PeerId,
    /// Her term.
    pub term: u64,
}

/// What the caller must do after a tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Publish a claim for this term.
    Claim(u64),
    /// This node was queen and no longer hears a majority: it stepped down.
    StepDown(u64),
}

/// What this node currently hears of the other members, for [`Election::tick`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Quorum<'a> {
    /// Other admitted members whose heartbeats are on time.
    pub alive: &'a [PeerId],
    /// Other members known recently, alive or not: with this node, the denominator of the
    /// majority. A member that left gracefully is not counted.
    pub known: usize,
    /// Alive members whose latest heartbeat still names this node's current queen and term
    /// (they report a queen only while their lease on her is live).
    pub backing: usize,
}

impl Quorum<'_> {
    /// Whether this node together with the alive members is a strict majority of the known.
    pub fn has_majority(&self) -> bool {
        (self.alive.len() + 1) * 2 > self.known.max(self.alive.len()) + 1
    }

    /// Whether a majority of the alive members still follows the current queen.
    fn queen_backed(&self) -> bool {
        self.backing > 0 && self.backing * 2 >= self.alive.len()
    }
}

/// Outcome of receiving a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// Renewal by the current queen.
    Renewed,
    /// A new queen (or new term) was accepted; `stepped_down` when this node was the queen.
    NewQueen {
        /// This node lost the crown.
        stepped_down: bool,
    },
    /// Claim with a term below the current one: ignored (fenced).
    Stale,
    /// Same term, but the current queen ranks better: ignored.
    Outranked,
}

#[derive(Debug, Clone)]
struct Reign {
    queen: Queen,
    renewed: Instant,
}

#[derive(Debug, Clone)]
struct PendingClaim {
    term: u64,
    at: Instant,
}

/// Election state of one node.
#[derive(Debug)]
pub struct Election {
    local: PeerId,
    config: ElectionConfig,
    started: Instant,
    reign: Option<Reign>,
    /// When the last reign ended by abdication (no lease wait needed).
    vacated: bool,
    max_term_seen: u64,
    /// When `max_term_seen` was first seen (the clock of [`Election::term_bound`]).
    max_term_at: Instant,
    pending: Option<PendingClaim>,
    last_claim_sent: Option<Instant>,
    departed: HashMap<PeerId, Instant>,
    elections: u64,
}

impl Election {
    /// Starts an election participant for `local` at `now`.
    pub fn new(local: PeerId, config: ElectionConfig, now: Instant) -> Self {
        Election {
            local,
            config,
            started: now,
            reign: None,
            vacated: false,
            max_term_seen: 0,
            max_term_at: now,
            pending: None,
            last_claim_sent: None,
            departed: HashMap::new(),
            elections: 0,
        }
    }

    /// The queen this node follows (possibly itself).
    pub fn queen(&self) -> Option<&Queen> {
        self.reign.as_ref().map(|r| &r.queen)
    }

    /// Whether this node is the queen.
    pub fn is_queen(&self) -> bool {
        self.queen().is_some_and(|q| q.peer_id == self.local)
    }

    /// Highest term seen in any claim or heartbeat.
    pub fn max_term_seen(&self) -> u64 {
        self.max_term_seen
    }

    /// Number of queen changes this node has accepted (including its own takeovers).
    pub fn elections(&self) -> u64 {
        self.elections
    }

    /// The election timing.
    pub fn config(&self) -> &ElectionConfig {
        &self.config
    }

    /// The queen while her lease is live (what heartbeats report).
    pub fn live_queen(&self, now: Instant) -> Option<&Queen> {
        self.reign
            .as_ref()
            .filter(|r| {
                r.queen.peer_id == self.local || now.duration_since(r.renewed) < self.config.lease
            })
            .map(|r| &r.queen)
    }

    /// Highest term a claim or heartbeat may carry at `now`.
    ///
    /// `reported` holds the highest term each other member reported in its latest accepted
    /// heartbeat (with the sender's new value in place of its old one). The bound is the larger
    /// of: the highest term seen plus one plus one per lease since it was first seen (a side
    /// that went through takeovers while apart cannot have gone faster), and one above the lower
    /// median of the reported terms and this node's own (a node catching up follows what most
    /// members say; a single key cannot move the median). A node that has seen no term yet
    /// trusts the median of the others alone.
    pub fn term_bound(&self, now: Instant, reported: &[u64]) -> u64 {
        let lease_ms = self.config.lease.as_millis().max(1);
        let leases = now.duration_since(self.max_term_at).as_millis() / lease_ms;
        let by_time = self
            .max_term_seen
            .saturating_add(1)
            .saturating_add(u64::try_from(leases).unwrap_or(u64::MAX));
        let mut terms: Vec<u64> = reported.to_vec();
        if self.max_term_seen > 0 {
            terms.push(self.max_term_seen);
        }
        terms.sort_unstable();
        let by_peers = terms
            .get(terms.len().saturating_sub(1) / 2)
            .map_or(0, |m| m.saturating_add(1));
        by_time.max(by_peers)
    }

    /// Whether `term` is within [`Election::term_bound`].
    pub fn plausible(&self, term: u64, now: Instant, reported: &[u64]) -> bool {
        term <= self.term_bound(now, reported)
    }

    /// Learns a (plausible) term from a heartbeat, so the next takeover claims above it.
    pub fn observe_term(&mut self, term: u64, now: Instant) {
        if term > self.max_term_seen {
            self.max_term_seen = term;
            self.max_term_at = now;
        }
    }

    /// Handles a claim from `from` for `term`, received at `now`. The caller checked that the
    /// claimant is an admitted member and that the term is [plausible](Election::plausible).
    pub fn on_claim(&mut self, from: PeerId, term: u64, now: Instant) -> ClaimOutcome {
        self.observe_term(term, now);
        let outcome = match &self.reign {
            None => ClaimOutcome::NewQueen {
                stepped_down: false,
            },
            Some(r) if term < r.queen.term => return ClaimOutcome::Stale,
            Some(r) if term == r.queen.term && from == r.queen.peer_id => ClaimOutcome::Renewed,
            Some(r) if term == r.queen.term && rank(&from, term) > rank(&r.queen.peer_id, term) => {
                return ClaimOutcome::Outranked;
            }
            Some(r) => ClaimOutcome::NewQueen {
                stepped_down: r.queen.peer_id == self.local && from != self.local,
            },
        };
        if matches!(outcome, ClaimOutcome::NewQueen { .. }) {
            self.elections += 1;
        }
        self.reign = Some(Reign {
            queen: Queen {
                peer_id: from,
                term,
            },
            renewed: now,
        });
        self.vacated = false;
        self.pending = None;
        self.departed.remove(&from);
        outcome
    }

    /// Handles an abdication of `from` for `term`. Returns true when it vacated the throne.
    pub fn on_abdication(&mut self, from: PeerId, term: u64, now: Instant) -> bool {
        self.observe_term(term, now);
        self.departed.insert(from, now);
        match &self.reign {
            Some(r) if r.queen.peer_id == from && r.queen.term == term => {
                self.reign = None;
                self.vacated = true;
                self.pending = None;
                true
            }
            _ => false,
        }
    }

    /// Gives up the crown (on shutdown). Returns the term to announce, if this node was queen.
    pub fn abdicate(&mut self) -> Option<u64> {
        if !self.is_queen() {
            return None;
        }
        let term = self.reign.take().map(|r| r.queen.term);
        self.vacated = true;
        term
    }

    /// Advances timers, given what this node hears of the other members.
    pub fn tick(&mut self, now: Instant, quorum: &Quorum<'_>) -> Option<Action> {
        let alive = quorum.alive;
        self.departed
            .retain(|_, at| now.duration_since(*at) < self.config.lease * 3);
        if let Some(r) = &self.reign
            && r.queen.peer_id == self.local
        {
            let term = r.queen.term;
            if !quorum.has_majority() {
                // Check-quorum: a queen cut off from most of the colony gives up her lease
                // instead of renewing it on an island.
                self.reign = None;
                self.pending = None;
                return Some(Action::StepDown(term));
            }
            let due = self
                .last_claim_sent
                .is_none_or(|t| now.duration_since(t) >= self.config.claim_interval);
            if due {
                self.last_claim_sent = Some(now);
                if let Some(r) = &mut self.reign {
                    r.renewed = now;
                }
                return Some(Action::Claim(term));
            }
            return None;
        }

        let expired_queen = match &self.reign {
            Some(r) if now.duration_since(r.renewed) >= self.config.lease => Some(r.queen.peer_id),
            Some(_) => return None,
            None if self.vacated || now.duration_since(self.started) >= self.config.lease => None,
            None => return None,
        };

        // Pre-vote: claim only while hearing a majority, and not while most alive members still
        // hear the current queen (this node may just have been frozen or cut off).
        if !quorum.has_majority() || (expired_queen.is_some() && quorum.queen_backed()) {
            self.pending = None;
            return None;
        }
        let pending = match &self.pending {
            Some(p) => p.clone(),
            None => {
                let Some(term) = self.max_term_seen.checked_add(1) else {
                    // Terms are exhausted (only reachable through u64::MAX): never wrap to 0.
                    return None;
                };
                let mut candidates: Vec<PeerId> = alive
                    .iter()
                    .filter(|p| Some(**p) != expired_queen && !self.departed.contains_key(p))
                    .copied()
                    .chain(std::iter::once(self.local))
                    .collect();
                candidates.sort_by_key(|p| rank(p, term));
                candidates.dedup();
                let index = candidates
                    .iter()
                    .position(|p| *p == self.local)
                    .unwrap_or(0);
                let p = PendingClaim {
                    term,
                    at: now + self.config.backoff_step * index as u32,
                };
                self.pending = Some(p.clone());
                p
            }
        };
        if now < pending.at {
            return None;
        }
        self.pending = None;
        self.observe_term(pending.term, now);
        self.reign = Some(Reign {
            queen: Queen {
                peer_id: self.local,
                term: pending.term,
            },
            renewed: now,
        });
        self.vacated = false;
        self.elections += 1;
        self.last_claim_sent = Some(now);
        Some(Action::Claim(pending.term))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everyone alive and known, nobody reporting the queen.
    fn q(alive: &[PeerId]) -> Quorum<'_> {
        Quorum {
            alive,
            known: alive.len(),
            backing: 0,
        }
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn peers(n: usize) -> Vec<PeerId> {
        (0..n).map(|_| PeerId::random()).collect()
    }

    /// Peers sorted best-first for `term`.
    fn by_rank(mut p: Vec<PeerId>, term: u64) -> Vec<PeerId> {
        p.sort_by_key(|x| rank(x, term));
        p
    }

    #[test]
    fn nobody_claims_before_a_lease_has_passed_then_best_rank_claims_first() {
        let t0 = Instant::now();
        let ids = by_rank(peers(3), 1);
        let mut best = Election::new(ids[0], ElectionConfig::default(), t0);
        let mut second = Election::new(ids[1], ElectionConfig::default(), t0);
        assert_eq!(best.tick(t0 + ms(2999), &q(&ids[1..])), None);
        assert_eq!(
            best.tick(t0 + ms(3000), &q(&ids[1..])),
            Some(Action::Claim(1))
        );
        assert!(best.is_queen());
        // The second-ranked waits one back-off step.
        let others = [ids[0], ids[2]];
        assert_eq!(second.tick(t0 + ms(3000), &q(&others)), None);
        assert_eq!(second.tick(t0 + ms(3100), &q(&others)), None);
        // ...and the best one's claim arrives first: it follows her.
        assert_eq!(
            second.on_claim(ids[0], 1, t0 + ms(3010)),
            ClaimOutcome::NewQueen {
                stepped_down: false
            }
        );
        assert_eq!(second.tick(t0 + ms(3200), &q(&others)), None);
        assert_eq!(second.queen().unwrap().peer_id, ids[0]);
    }

    #[test]
    fn queen_renews_every_claim_interval() {
        let t0 = Instant::now();
        let me = PeerId::random();
        let mut e = Election::new(me, ElectionConfig::default(), t0);
        assert_eq!(e.tick(t0 + ms(3000), &q(&[])), Some(Action::Claim(1)));
        assert_eq!(e.tick(t0 + ms(3500), &q(&[])), None);
        assert_eq!(e.tick(t0 + ms(4000), &q(&[])), Some(Action::Claim(1)));
        // A lone queen never loses her own lease.
        assert_eq!(e.tick(t0 + ms(60_000), &q(&[])), Some(Action::Claim(1)));
        assert!(e.is_queen());
    }

    #[test]
    fn accept_rules_higher_term_then_better_rank_and_fencing() {
        let t0 = Instant::now();
        let ids = by_rank(peers(3), 5);
        let me = PeerId::random();
        let mut e = Election::new(me, ElectionConfig::default(), t0);
        assert!(matches!(
            e.on_claim(ids[1], 5, t0),
            ClaimOutcome::NewQueen { .. }
        ));
        assert_eq!(e.on_claim(ids[1], 5, t0), ClaimOutcome::Renewed);
        // Same term, worse rank: ignored.
        assert_eq!(e.on_claim(ids[2], 5, t0), ClaimOutcome::Outranked);
        // Same term, better rank: switch.
        assert!(matches!(
            e.on_claim(ids[0], 5, t0),
            ClaimOutcome::NewQueen { .. }
        ));
        // Lower term: fenced.
        assert_eq!(e.on_claim(ids[2], 4, t0), ClaimOutcome::Stale);
        assert_eq!(e.queen().unwrap().peer_id, ids[0]);
        // Higher term wins regardless of rank.
        assert!(matches!(
            e.on_claim(ids[2], 6, t0),
            ClaimOutcome::NewQueen { .. }
        ));
        assert_eq!(
            e.queen(),
            Some(&Queen {
                peer_id: ids[2],
                term: 6
            })
        );
    }

    #[test]
    fn queen_steps_down_on_dominating_claim() {
        let t0 = Instant::now();
        let me = PeerId::random();
        let mut e = Election::new(me, ElectionConfig::default(), t0);
        e.tick(t0 + ms(3000), &q(&[]));
        assert!(e.is_queen());
        let other = PeerId::random();
        assert_eq!(
            e.on_claim(other, 2, t0 + ms(3100)),
            ClaimOutcome::NewQueen { stepped_down: true }
        );
        assert!(!e.is_queen());
        assert_eq!(e.tick(t0 + ms(3200), &q(&[other])), None);
    }

    #[test]
    fn takeover_after_lease_expiry_with_higher_term_excluding_dead_queen() {
        let t0 = Instant::now();
        let queen = PeerId::random();
        let survivors = peers(3);
        let mut nodes: Vec<Election> = survivors
            .iter()
            .map(|p| Election::new(*p, ElectionConfig::default(), t0))
            .collect();
        for n in &mut nodes {
            n.on_claim(queen, 3, t0);
        }
        // The queen dies; her last claim was at t0. Nothing happens before the lease ends.
        let alive_for = |me: PeerId| -> Vec<PeerId> {
            survivors
                .iter()
                .copied()
                .filter(|p| *p != me)
                .chain([queen])
                .collect()
        };
        for n in &mut nodes {
            assert_eq!(n.tick(t0 + ms(2999), &q(&alive_for(n.local))), None);
        }
        // Simulate gossip: step time, deliver claims to everyone.
        let mut claims = Vec::new();
        let mut t = t0 + ms(3000);
        while claims.is_empty() && t < t0 + ms(10_000) {
            for n in &mut nodes {
                if let Some(Action::Claim(term)) = n.tick(t, &q(&alive_for(n.local))) {
                    claims.push((n.local, term));
                }
            }
            t += ms(10);
        }
        assert_eq!(claims.len(), 1, "exactly one node claims first: {claims:?}");
        let (winner, term) = claims[0];
        assert_eq!(term, 4);
        // The winner is the best-ranked survivor for term 4, and it claimed at once.
        assert_eq!(winner, by_rank(survivors.clone(), 4)[0]);
        assert!(t <= t0 + ms(3000 + 10));
        for n in &mut nodes {
            n.on_claim(winner, term, t);
            assert_eq!(
                n.queen(),
                Some(&Queen {
                    peer_id: winner,
                    term: 4
                })
            );
        }
    }

    #[test]
    fn concurrent_same_term_claims_converge_on_best_rank() {
        let t0 = Instant::now();
        let ids = peers(4);
        let mut nodes: Vec<Election> = ids
            .iter()
            .map(|p| Election::new(*p, ElectionConfig::default(), t0))
            .collect();
        // Nobody sees anybody (divergent views): all claim term 1 at once.
        let claims: Vec<(PeerId, u64)> = nodes
            .iter_mut()
            .filter_map(|n| match n.tick(t0 + ms(3000), &q(&[])) {
                Some(Action::Claim(t)) => Some((n.local, t)),
                _ => None,
            })
            .collect();
        assert_eq!(claims.len(), 4);
        // Deliver every claim to every node in different orders.
        for (i, n) in nodes.iter_mut().enumerate() {
            let mut order = claims.clone();
            order.rotate_left(i);
            for (from, term) in order {
                n.on_claim(from, term, t0 + ms(3001));
            }
        }
        let best = by_rank(ids.clone(), 1)[0];
        for n in &nodes {
            assert_eq!(
                n.queen(),
                Some(&Queen {
                    peer_id: best,
                    term: 1
                })
            );
            assert_eq!(n.is_queen(), n.local == best);
        }
    }

    #[test]
    fn abdication_hands_over_without_waiting_for_the_lease() {
        let t0 = Instant::now();
        let queen = PeerId::random();
        let me = PeerId::random();
        let mut e = Election::new(me, ElectionConfig::default(), t0);
        e.on_claim(queen, 7, t0);
        assert!(e.on_abdication(queen, 7, t0 + ms(100)));
        // Alone besides the departed queen (still in the alive list): claims at once.
        assert_eq!(e.tick(t0 + ms(100), &q(&[queen])), Some(Action::Claim(8)));
        // An abdication for another term does nothing.
        let mut f = Election::new(me, ElectionConfig::default(), t0);
        f.on_claim(queen, 7, t0);
        assert!(!f.on_abdication(queen, 6, t0));
        assert!(f.queen().is_some());
    }

    #[test]
    fn queen_abdicates_once() {
        let t0 = Instant::now();
        let me = PeerId::random();
        let mut e = Election::new(me, ElectionConfig::default(), t0);
        assert_eq!(e.abdicate(), None);
        e.tick(t0 + ms(3000), &q(&[]));
        assert_eq!(e.abdicate(), Some(1));
        assert_eq!(e.abdicate(), None);
    }

    #[test]
    fn renewal_cancels_a_pending_takeover() {
        let t0 = Instant::now();
        let queen = PeerId::random();
        let ids = by_rank(peers(3), 2);
        // Take the worst-ranked so it has to wait.
        let me = ids[2];
        let mut e = Election::new(me, ElectionConfig::default(), t0);
        e.on_claim(queen, 1, t0);
        assert_eq!(e.tick(t0 + ms(3000), &q(&ids[..2])), None);
        // The queen was only slow: her renewal arrives before the back-off ends.
        assert_eq!(e.on_claim(queen, 1, t0 + ms(3050)), ClaimOutcome::Renewed);
        assert_eq!(e.tick(t0 + ms(3400), &q(&ids[..2])), None);
        assert_eq!(e.queen().unwrap().peer_id, queen);
    }

    #[test]
    fn partition_heal_leaves_one_queen() {
        let t0 = Instant::now();
        let left = peers(3);
        let right = peers(3);
        let all: Vec<PeerId> = left.iter().chain(&right).copied().collect();
        let mut nodes: Vec<Election> = all
            .iter()
            .map(|p| Election::new(*p, ElectionConfig::default(), t0))
            .collect();
        // Each side elected its own queen: the left at term 5, the right at term 7.
        for (i, n) in nodes.iter_mut().enumerate() {
            if i < 3 {
                n.on_claim(left[0], 5, t0);
            } else {
                n.on_claim(right[1], 7, t0);
            }
        }
        // Heal: every node hears both queens' claims, in both orders.
        for (i, n) in nodes.iter_mut().enumerate() {
            if i % 2 == 0 {
                n.on_claim(left[0], 5, t0 + ms(10));
                n.on_claim(right[1], 7, t0 + ms(10));
            } else {
                n.on_claim(right[1], 7, t0 + ms(10));
                n.on_claim(left[0], 5, t0 + ms(10));
            }
            assert_eq!(
                n.queen(),
                Some(&Queen {
                    peer_id: right[1],
                    term: 7
                })
            );
        }
        // Same term on both sides: the better rank wins everywhere.
        let best = by_rank(vec![left[0], right[1]], 9)[0];
        for n in &mut nodes {
            n.on_claim(left[0], 9, t0 + ms(20));
            n.on_claim(right[1], 9, t0 + ms(20));
            assert_eq!(
                n.queen(),
                Some(&Queen {
                    peer_id: best,
                    term: 9
                })
            );
        }
    }

    #[test]
    fn heartbeat_terms_raise_the_next_claim() {
        let t0 = Instant::now();
        let mut e = Election::new(PeerId::random(), ElectionConfig::default(), t0);
        e.observe_term(41, t0);
        assert_eq!(e.tick(t0 + ms(3000), &q(&[])), Some(Action::Claim(42)));
    }

    #[test]
    fn implausible_terms_are_refused_and_takeovers_while_apart_are_not() {
        let t0 = Instant::now();
        let queen = PeerId::random();
        let mut e = Election::new(PeerId::random(), ElectionConfig::default(), t0);
        e.on_claim(queen, 7, t0);
        // A forged huge term, alone against this node and two members at 7.
        assert!(!e.plausible(u64::MAX, t0 + ms(100), &[7, 7, u64::MAX]));
        assert!(!e.plausible(9, t0 + ms(100), &[7, 7]));
        assert!(e.plausible(8, t0 + ms(100), &[7, 7]));
        // The other side of a partition went through three takeovers in 9 s (3 leases).
        assert!(e.plausible(10, t0 + ms(9_000), &[7, 7]));
        assert!(!e.plausible(12, t0 + ms(9_000), &[7, 7]));
        // A node that has seen no term follows what most members report.
        let fresh = Election::new(PeerId::random(), ElectionConfig::default(), t0);
        assert!(fresh.plausible(57, t0, &[57, 57, u64::MAX]));
        assert!(!fresh.plausible(u64::MAX, t0, &[57, 57, u64::MAX]));
        // Saturating, never wrapping.
        assert_eq!(
            Election::new(queen, ElectionConfig::default(), t0).term_bound(t0, &[u64::MAX]),
            u64::MAX
        );
    }

    #[test]
    fn terms_never_wrap() {
        let t0 = Instant::now();
        let mut e = Election::new(PeerId::random(), ElectionConfig::default(), t0);
        e.observe_term(u64::MAX, t0);
        assert_eq!(e.tick(t0 + ms(3000), &q(&[])), None);
        assert_eq!(e.tick(t0 + ms(9000), &q(&[])), None);
        assert!(e.queen().is_none());
    }

    #[test]
    fn an_island_does_not_claim_and_a_queen_without_majority_steps_down() {
        let t0 = Instant::now();
        let queen = PeerId::random();
        let others = peers(2);
        let me = PeerId::random();
        let mut e = Election::new(me, ElectionConfig::default(), t0);
        e.on_claim(queen, 3, t0);
        // Frozen for 10 s: it hears nobody of the 3 members it knew.
        let cut_off = Quorum {
            alive: &[],
            known: 3,
            backing: 0,
        };
        for t in (3000..10_000).step_by(50) {
            assert_eq!(e.tick(t0 + ms(t), &cut_off), None);
        }
        // Back: heartbeats arrived first and most still report the queen's live lease.
        let alive = [others[0], others[1], queen];
        let back = Quorum {
            alive: &alive,
            known: 3,
            backing: 2,
        };
        for t in (10_000..11_000).step_by(50) {
            assert_eq!(e.tick(t0 + ms(t), &back), None);
        }
        assert_eq!(e.on_claim(queen, 3, t0 + ms(11_000)), ClaimOutcome::Renewed);
        assert_eq!(e.queen().map(|q| q.term), Some(3));
        // When they report no live queen any more, the takeover goes ahead.
        let orphaned = Quorum {
            alive: &others,
            known: 3,
            backing: 0,
        };
        let claimed = (14_000..16_000)
            .step_by(50)
            .find_map(|t| e.tick(t0 + ms(t), &orphaned));
        assert_eq!(claimed, Some(Action::Claim(4)));
        // A queen that hears one of the three others steps down instead of renewing.
        let lonely = Quorum {
            alive: &others[..1],
            known: 3,
            backing: 0,
        };
        assert_eq!(e.tick(t0 + ms(16_500), &lonely), Some(Action::StepDown(4)));
        assert!(!e.is_queen());
        assert_eq!(e.tick(t0 + ms(20_000), &lonely), None);
    }
}
