//! Cheap answers to hostile payers: a rejected payment header is cached briefly (a replay gets
//! the same rejection without any RPC call), and rejections that cost chain calls are counted
//! per client IP and per payer in a fixed window; past the limit, payments are refused with 429
//! before verification.
//!
//! Only rejections made after the chain was consulted (balance, allowance, proxy, simulation)
//! count: they are the expensive ones, and they happen after the payer's signature verified, so
//! nobody can get someone else's address limited by forging or replaying payments in their name
//! (cheap rejections, e.g. replays of settled payments, are answered without limit). Every map
//! is bounded.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use alloy::primitives::{Address, B256, keccak256};
use axum::http::StatusCode;

use crate::reasons as r;

/// Limits on rejected payments (builder style, see [`crate::paywall::Paywall::reject_limits`]).
#[derive(Debug, Clone)]
pub struct RejectLimits {
    /// Rejections that cost chain calls one client IP may cause per window.
    pub per_ip: u32,
    /// Rejections that cost chain calls one payer may cause per window.
    pub per_payer: u32,
    /// The counting window.
    pub window: Duration,
    /// How long a rejected header is answered from the cache.
    pub cache_ttl: Duration,
    /// Most cached headers and most counted IPs / payers (each).
    pub capacity: usize,
}

impl Default for RejectLimits {
    fn default() -> Self {
        RejectLimits {
            per_ip: 30,
            per_payer: 10,
            window: Duration::from_secs(60),
            cache_ttl: Duration::from_secs(10),
            capacity: 4096,
        }
    }
}

/// Whether a rejection with `reason` came from chain state read after the signature verified.
pub fn after_chain_calls(reason: &str) -> bool {
    matches!(
        reason,
        r::PERMIT2_INSUFFICIENT_BALANCE
            | r::PERMIT2_ALLOWANCE_REQUIRED
            | r::PERMIT2_PROXY_NOT_DEPLOYED
            | r::PERMIT2_SIMULATION_FAILED
            | r::TRANSACTION_FAILED
            | r::INSUFFICIENT_BALANCE
            | r::SIMULATION_FAILED
    )
}

struct Counter<K> {
    map: HashMap<K, (Instant, u32)>,
}

impl<K: Hash + Eq + Copy> Counter<K> {
    fn count(&self, k: &K, now: Instant, window: Duration) -> u32 {
        match self.map.get(k) {
            Some((start, n)) if now.duration_since(*start) < window => *n,
            _ => 0,
        }
    }

    fn hit(&mut self, k: K, now: Instant, window: Duration, capacity: usize) {
        if self.map.len() >= capacity && !self.map.contains_key(&k) {
            self.map
                .retain(|_, (start, _)| now.duration_since(*start) < window);
            if self.map.len() >= capacity {
                // Still full of live windows: forget the oldest.
                if let Some(oldest) = self.map.iter().min_by_key(|(_, v)| v.0).map(|(k, _)| *k) {
                    self.map.remove(&oldest);
                }
            }
        }
        let entry = self.map.entry(k).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
    }
}

struct Cached {
    status: StatusCode,
    reason: String,
    until: Instant,
}

struct Inner {
    cache: HashMap<B256, Cached>,
    order: VecDeque<B256>,
    ips: Counter<IpAddr>,
    payers: Counter<Address>,
}

/// The cache and counters of one paywall.
pub struct Guard {
    limits: RejectLimits,
    inner: Mutex<Inner>,
}

/// Cache key of a payment header.
pub fn key(header: &str) -> B256 {
    keccak256(header.as_bytes())
}

impl Guard {
    /// A guard with `limits`.
    pub fn new(limits: RejectLimits) -> Self {
        Guard {
            limits,
            inner: Mutex::new(Inner {
                cache: HashMap::new(),
                order: VecDeque::new(),
                ips: Counter {
                    map: HashMap::new(),
                },
                payers: Counter {
                    map: HashMap::new(),
                },
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `ip` or `payer` is over its limit now.
    pub fn limited(&self, ip: Option<IpAddr>, payer: Option<Address>) -> bool {
        let (now, w) = (Instant::now(), self.limits.window);
        let inner = self.lock();
        ip.is_some_and(|ip| inner.ips.count(&ip, now, w) >= self.limits.per_ip)
            || payer.is_some_and(|p| inner.payers.count(&p, now, w) >= self.limits.per_payer)
    }

    /// The cached rejection of the header with `key`, if still fresh.
    pub fn cached(&self, key: &B256) -> Option<(StatusCode, String)> {
        let inner = self.lock();
        let c = inner.cache.get(key)?;
        (Instant::now() < c.until).then(|| (c.status, c.reason.clone()))
    }

    /// Records a rejection: caches it under `key` (unless the node itself failed, or the payer
    /// only lacks the Permit2 allowance) and, when it cost chain calls, counts it toward `ip`
    /// and `payer`.
    pub fn rejected(
        &self,
        key: B256,
        ip: Option<IpAddr>,
        payer: Option<Address>,
        status: StatusCode,
        reason: &str,
    ) {
        let now = Instant::now();
        let (w, cap) = (self.limits.window, self.limits.capacity);
        let mut inner = self.lock();
        if after_chain_calls(reason) {
            if let Some(ip) = ip {
                inner.ips.hit(ip, now, w, cap);
            }
            if let Some(p) = payer {
                inner.payers.hit(p, now, w, cap);
            }
        }
        // Not cached: the node's own failures, and a missing allowance (the standard flow is
        // to approve Permit2 and send the same payment again).
        if reason == r::UNEXPECTED_VERIFY_ERROR || reason == r::PERMIT2_ALLOWANCE_REQUIRED {
            return;
        }
        while inner.cache.len() >= cap {
            match inner.order.pop_front() {
                Some(old) => {
                    inner.cache.remove(&old);
                }
                None => break,
            }
        }
        let fresh = Cached {
            status,
            reason: reason.to_string(),
            until: now + self.limits.cache_ttl,
        };
        if inner.cache.insert(key, fresh).is_none() {
            inner.order.push_back(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(capacity: usize) -> Guard {
        Guard::new(RejectLimits {
            per_ip: 3,
            per_payer: 2,
            capacity,
            ..RejectLimits::default()
        })
    }

    #[test]
    fn only_chain_rejections_count_per_ip_and_per_payer() {
        let g = guard(100);
        let ip: IpAddr = [10, 0, 0, 1].into();
        let payer = Address::repeat_byte(7);
        let bad = StatusCode::PAYMENT_REQUIRED;
        // Forged / replayed payments in the payer's name never count toward the payer.
        for i in 0..10u8 {
            g.rejected(
                B256::repeat_byte(i),
                None,
                Some(payer),
                bad,
                r::INVALID_PERMIT2_SIGNATURE,
            );
            g.rejected(
                B256::repeat_byte(i),
                None,
                Some(payer),
                bad,
                r::PERMIT2_INVALID_NONCE,
            );
        }
        assert!(!g.limited(None, Some(payer)));
        g.rejected(
            B256::ZERO,
            Some(ip),
            Some(payer),
            bad,
            r::PERMIT2_INSUFFICIENT_BALANCE,
        );
        assert!(!g.limited(Some(ip), Some(payer)));
        g.rejected(
            B256::ZERO,
            Some(ip),
            Some(payer),
            bad,
            r::PERMIT2_INSUFFICIENT_BALANCE,
        );
        assert!(g.limited(None, Some(payer)));
        assert!(!g.limited(Some(ip), None));
        g.rejected(B256::ZERO, Some(ip), None, bad, r::INVALID_SCHEME);
        assert!(!g.limited(Some(ip), None), "cheap rejections do not count");
        g.rejected(B256::ZERO, Some(ip), None, bad, r::SIMULATION_FAILED);
        assert!(g.limited(Some(ip), None));
        assert!(!g.limited(Some([10, 0, 0, 2].into()), Some(Address::ZERO)));
    }

    #[test]
    fn the_cache_is_bounded_and_skips_node_errors() {
        let g = guard(4);
        let bad = StatusCode::PAYMENT_REQUIRED;
        g.rejected(B256::ZERO, None, None, bad, r::UNEXPECTED_VERIFY_ERROR);
        assert_eq!(g.cached(&B256::ZERO), None);
        g.rejected(B256::ZERO, None, None, bad, r::PERMIT2_ALLOWANCE_REQUIRED);
        assert_eq!(g.cached(&B256::ZERO), None);
        for i in 0..10u8 {
            g.rejected(
                B256::repeat_byte(i),
                None,
                None,
                bad,
                r::PERMIT2_AMOUNT_MISMATCH,
            );
        }
        assert_eq!(g.lock().cache.len(), 4);
        assert_eq!(g.cached(&B256::repeat_byte(0)), None, "oldest evicted");
        assert_eq!(
            g.cached(&B256::repeat_byte(9)),
            Some((bad, r::PERMIT2_AMOUNT_MISMATCH.to_string()))
        );
        // Counters stay bounded too.
        for i in 0..=255u8 {
            g.rejected(
                B256::ZERO,
                Some([10, 0, 1, i].into()),
                None,
                bad,
                r::SIMULATION_FAILED,
            );
        }
        assert!(g.lock().ips.map.len() <= 4);
    }
}
