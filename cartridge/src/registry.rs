//! Which version of each cartridge serves requests now.
//!
//! A slug maps to a [`Slot`] holding an `Arc` of the current [`Version`] and the previous one.
//! A request clones the current `Arc` once at its start, so a swap never affects requests in
//! flight (they finish on the old module) and new requests get the new one. Each version counts
//! its first requests and failures to decide an automatic rollback.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::Price;
use crate::engine::Program;
use crate::host::Resolver;
use crate::kv::{KvLimits, KvOverlay, KvUsage, KvWrites};

/// One deployed version of a cartridge.
pub(crate) struct Version {
    /// Version number (1, 2, ...; a rollback restores the older number).
    pub number: u64,
    /// The loaded module.
    pub program: Program,
    /// Unix time of deployment, ms.
    pub created_ms: u64,
    requests: AtomicU32,
    failures: AtomicU32,
}

impl Version {
    /// A version with fresh health counters.
    pub(crate) fn new(number: u64, program: Program, created_ms: u64) -> Self {
        Version {
            number,
            program,
            created_ms,
            requests: AtomicU32::new(0),
            failures: AtomicU32::new(0),
        }
    }

    /// Records one request's outcome within the first `window` requests; returns true when the
    /// failure share has exceeded `threshold` (the version should be rolled back).
    pub(crate) fn observe(&self, failed: bool, window: u32, threshold: f64) -> bool {
        let seen = self.requests.fetch_add(1, Ordering::Relaxed);
        if seen >= window {
            return false;
        }
        let failures = if failed {
            self.failures.fetch_add(1, Ordering::Relaxed) + 1
        } else {
            self.failures.load(Ordering::Relaxed)
        };
        // Decide as soon as the window's outcome is certain.
        f64::from(failures) > threshold * f64::from(window)
    }

    /// Requests and failures observed so far (failures only within the window).
    pub(crate) fn health(&self) -> (u32, u32) {
        (
            self.requests.load(Ordering::Relaxed),
            self.failures.load(Ordering::Relaxed),
        )
    }
}

/// The mutable part of a slot.
pub(crate) struct SlotState {
    /// Serving version.
    pub current: Arc<Version>,
    /// Version kept for rollback.
    pub previous: Option<Arc<Version>>,
    /// Price per request.
    pub price: Price,
    /// Next version number to assign.
    pub next_version: u64,
    /// Set once the cartridge is deleted: no more KV commits.
    pub deleted: bool,
}

/// One cartridge: its versions and its KV tree.
pub(crate) struct Slot {
    /// Slug.
    pub slug: String,
    /// The cartridge's KV tree.
    pub kv: sled::Tree,
    /// What the KV tree holds, counted against the quota.
    pub kv_usage: Arc<KvUsage>,
    /// Versions and price, swapped under the write lock.
    pub state: RwLock<SlotState>,
    /// Requests served and revenue since the node started.
    pub traffic: Traffic,
}

/// A cartridge's requests and revenue since the node started (in memory, not persisted).
#[derive(Debug, Default)]
pub(crate) struct Traffic {
    requests: AtomicU64,
    paid: AtomicU64,
    revenue: AtomicU64,
}

impl Traffic {
    /// Counts one request that ran; `paid_units` is its payment in the token's smallest unit
    /// (micro-dollars for pathUSD's 6 decimals), 0 when free.
    pub(crate) fn record(&self, paid_units: Option<u64>) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if let Some(units) = paid_units {
            self.paid.fetch_add(1, Ordering::Relaxed);
            self.revenue.fetch_add(units, Ordering::Relaxed);
        }
    }

    /// (requests, paid requests, revenue in the token's smallest unit).
    pub(crate) fn counts(&self) -> (u64, u64, u64) {
        (
            self.requests.load(Ordering::Relaxed),
            self.paid.load(Ordering::Relaxed),
            self.revenue.load(Ordering::Relaxed),
        )
    }
}

impl Slot {
    /// The serving version.
    pub(crate) fn current(&self) -> Arc<Version> {
        self.state.read().expect("slot lock").current.clone()
    }

    /// A request's view of the KV, its writes counted against the quota.
    pub(crate) fn kv_overlay(&self, limits: KvLimits) -> KvOverlay {
        KvOverlay::metered(self.kv.clone(), self.kv_usage.clone(), limits)
    }

    /// Applies a request's KV writes unless the cartridge was deleted meanwhile; `durable`
    /// (a paid request) flushes them to disk before returning.
    pub(crate) fn commit(&self, writes: KvWrites, durable: bool) -> Result<(), sled::Error> {
        if writes.is_empty() {
            return Ok(());
        }
        let state = self.state.read().expect("slot lock");
        if state.deleted {
            return Ok(());
        }
        writes.commit(&self.kv, durable)
    }
}

/// All cartridges of the node.
#[derive(Default)]
pub(crate) struct Registry {
    slots: RwLock<HashMap<String, Arc<Slot>>>,
}

impl Registry {
    /// The slot of `slug`.
    pub(crate) fn get(&self, slug: &str) -> Option<Arc<Slot>> {
        self.slots.read().expect("registry lock").get(slug).cloned()
    }

    /// Adds or replaces the slot of `slot.slug`.
    pub(crate) fn insert(&self, slot: Arc<Slot>) {
        self.slots
            .write()
            .expect("registry lock")
            .insert(slot.slug.clone(), slot);
    }

    /// Removes `slug`.
    pub(crate) fn remove(&self, slug: &str) -> Option<Arc<Slot>> {
        self.slots.write().expect("registry lock").remove(slug)
    }

    /// Every slot, sorted by slug.
    pub(crate) fn all(&self) -> Vec<Arc<Slot>> {
        let mut all: Vec<_> = self
            .slots
            .read()
            .expect("registry lock")
            .values()
            .cloned()
            .collect();
        all.sort_by(|a, b| a.slug.cmp(&b.slug));
        all
    }
}

impl Resolver for Registry {
    fn resolve(&self, slug: &str) -> Option<Program> {
        Some(self.get(slug)?.current().program.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_decides_once_the_failure_share_is_certain() {
        // Observe 10 requests; roll back when more than 50 % fail.
        let v = Version {
            number: 1,
            program: unreachable_program(),
            created_ms: 0,
            requests: AtomicU32::new(0),
            failures: AtomicU32::new(0),
        };
        for _ in 0..5 {
            assert!(!v.observe(true, 10, 0.5));
        }
        assert!(v.observe(true, 10, 0.5), "6 of 10 already exceeds 50 %");
        let w = Version {
            number: 2,
            program: v.program.clone(),
            created_ms: 0,
            requests: AtomicU32::new(0),
            failures: AtomicU32::new(0),
        };
        for i in 0..10 {
            assert!(!w.observe(i % 2 == 0, 10, 0.5), "50 % is not above 50 %");
        }
        for _ in 0..20 {
            assert!(
                !w.observe(true, 10, 0.5),
                "outside the window nothing is decided"
            );
        }
    }

    fn unreachable_program() -> Program {
        let dir = tempfile::tempdir().unwrap();
        let engine =
            crate::Engine::new(&crate::CartridgeConfig::new(dir.path()).pooling(false)).unwrap();
        let wasm = wat::parse_str(
            r#"(module (memory (export "memory") 1)
                 (func (export "x402_handle") (param i32 i32)))"#,
        )
        .unwrap();
        engine.load(&wasm, "t").unwrap()
    }
}
