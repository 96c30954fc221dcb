//! A spending budget and its ledger: how much a payer may still spend in a rolling window, and
//! the record of every attempted spend, persisted in sled.
//!
//! The arithmetic ([`Budget::check`]) counts, against the limit, what was **spent** within the
//! window plus everything **held**: reserved before signing, or signed and sent without proof
//! of settlement (the signature could still move funds until its deadline). The
//! [`BudgetedPayer`] (in [`payer`]) drives the ledger around real x402 payments.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::Price;

pub mod payer;

pub use payer::{BudgetedPayer, Paid, PayError, PayerConfig, PayerWallet};

/// Entries the ledger keeps (the oldest entries that no longer count are dropped beyond it).
pub const MAX_ENTRIES: usize = 4096;

/// sled key of the lifetime counters (entry keys are 8 bytes, this one is not).
const COUNTERS_KEY: &[u8] = b"meta:counters";

/// The limits of a payer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The most spent (plus held) within one window, in atomic units.
    pub limit: u64,
    /// The rolling window.
    pub window: Duration,
    /// The most one request may cost, in atomic units.
    pub max_per_request: u64,
}

/// What counts against a budget now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Settled (or proven spent on chain) within the window.
    pub spent: u64,
    /// Reserved or unsettled: not proven spent, not proven safe.
    pub held: u64,
}

impl Usage {
    /// Spent plus held (saturating).
    pub fn total(self) -> u64 {
        self.spent.saturating_add(self.held)
    }
}

/// Why a payment was refused before anything was signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// One request above the per-request maximum.
    #[error("price {price} units is above the per-request maximum {max}")]
    AboveMaxPerRequest {
        /// Asked.
        price: u64,
        /// Allowed per request.
        max: u64,
    },
    /// Not enough budget left in the window.
    #[error("price {price} units is above the remaining budget {remaining} (limit {limit})")]
    OverBudget {
        /// Asked.
        price: u64,
        /// Limit minus spent minus held.
        remaining: u64,
        /// The window's limit.
        limit: u64,
    },
    /// The server offers no `exact`/Permit2 requirement on this payer's network and asset.
    #[error(
        "no acceptable way to pay (this payer pays exact/permit2 in {asset} on {network}); offered: {offered}"
    )]
    Unacceptable {
        /// The payer's network (`eip155:N`).
        network: String,
        /// The payer's asset.
        asset: String,
        /// What the server offered (`scheme/network/asset`).
        offered: String,
    },
    /// The acceptable requirement's amount or recipient is malformed (or zero).
    #[error("malformed requirement: {0}")]
    Malformed(String),
    /// The ledger is full of entries that still count; nothing new is reserved.
    #[error("the ledger holds {MAX_ENTRIES} entries that still count; refusing new spends")]
    LedgerFull,
}

impl Budget {
    /// What counts now: spent entries settled within the window ending at `now_ms`, and every
    /// held entry whatever its age.
    pub fn usage<'a>(&self, now_ms: u64, entries: impl IntoIterator<Item = &'a Entry>) -> Usage {
        let since = now_ms.saturating_sub(duration_ms(self.window));
        entries
            .into_iter()
            .fold(Usage::default(), |u, e| match e.outcome {
                Outcome::Spent if e.updated_ms > since => Usage {
                    spent: u.spent.saturating_add(e.amount),
                    ..u
                },
                Outcome::Reserved | Outcome::Unsettled => Usage {
                    held: u.held.saturating_add(e.amount),
                    ..u
                },
                _ => u,
            })
    }

    /// What is left of the limit.
    pub fn remaining(&self, usage: Usage) -> u64 {
        self.limit.saturating_sub(usage.total())
    }

    /// Whether a payment of `price` fits: at most the per-request maximum and the remaining
    /// budget.
    pub fn check(&self, price: u64, usage: Usage) -> Result<(), Refusal> {
        if price > self.max_per_request {
            return Err(Refusal::AboveMaxPerRequest {
                price,
                max: self.max_per_request,
            });
        }
        let remaining = self.remaining(usage);
        if price > remaining {
            return Err(Refusal::OverBudget {
                price,
                remaining,
                limit: self.limit,
            });
        }
        Ok(())
    }
}

fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The state of a ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Budget reserved; maybe signed (then `nonce` is set before anything is sent).
    Reserved,
    /// Sent without proof of settlement: held until the signature's deadline has passed on
    /// chain, then spent or released by the Permit2 nonce.
    Unsettled,
    /// Settled (`tx` set) or proven spent by the Permit2 nonce.
    Spent,
    /// Nothing moved; the reservation no longer counts.
    Released,
    /// Refused before signing.
    Refused,
}

impl Outcome {
    /// Whether the entry counts against the budget whatever its age.
    pub fn held(self) -> bool {
        matches!(self, Outcome::Reserved | Outcome::Unsettled)
    }
}

/// One attempted spend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Ledger sequence number.
    pub id: u64,
    /// HTTP method.
    pub method: String,
    /// Requested URL.
    pub url: String,
    /// Price in atomic units (0 when refused before a price was known).
    pub amount: u64,
    /// The recipient (`payTo`), when known.
    pub payee: Option<String>,
    /// State.
    pub outcome: Outcome,
    /// Settlement transaction, when the server reported it.
    pub tx: Option<String>,
    /// Permit2 nonce of the signed authorization (decimal), once signed.
    pub nonce: Option<String>,
    /// The authorization's deadline (Unix seconds), once signed.
    pub deadline: Option<u64>,
    /// Why refused, released or unsettled.
    pub reason: Option<String>,
    /// Created, Unix milliseconds.
    pub created_ms: u64,
    /// Last change (the settlement time of a spent entry), Unix milliseconds.
    pub updated_ms: u64,
}

/// Lifetime counts (they survive pruning).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// Entries that became spent.
    pub spends: u64,
    /// Refusals.
    pub refusals: u64,
}

/// Why the ledger cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// sled failed.
    #[error("ledger database")]
    Db(
        #[from]
        #[source]
        sled::Error,
    ),
    /// A stored entry does not parse (refusing to guess what was spent).
    #[error("ledger entry {key:?} is unreadable")]
    Corrupt {
        /// The sled key.
        key: Vec<u8>,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },
}

/// The entries of one payer: all in memory (bounded by [`MAX_ENTRIES`]) and in sled.
#[derive(Debug)]
pub struct Ledger {
    tree: sled::Tree,
    entries: BTreeMap<u64, Entry>,
    counters: Counters,
    next_id: u64,
}

impl Ledger {
    /// Loads the ledger from `tree`. An entry left `Reserved` without a nonce by a crash was
    /// never sent (the nonce is recorded before sending): released. One with a nonce may
    /// have been sent: unsettled.
    pub fn open(tree: sled::Tree) -> Result<Ledger, LedgerError> {
        let mut entries = BTreeMap::new();
        let mut counters = Counters::default();
        for kv in tree.iter() {
            let (k, v) = kv?;
            let parsed = |source| LedgerError::Corrupt {
                key: k.to_vec(),
                source,
            };
            if &*k == COUNTERS_KEY {
                counters = serde_json::from_slice(&v).map_err(parsed)?;
                continue;
            }
            let e: Entry = serde_json::from_slice(&v).map_err(parsed)?;
            entries.insert(e.id, e);
        }
        let next_id = entries.keys().next_back().map_or(0, |id| id + 1);
        let mut ledger = Ledger {
            tree,
            entries,
            counters,
            next_id,
        };
        let interrupted: Vec<Entry> = ledger
            .entries
            .values()
            .filter(|e| e.outcome == Outcome::Reserved)
            .cloned()
            .collect();
        for mut e in interrupted {
            if e.nonce.is_some() {
                e.outcome = Outcome::Unsettled;
                e.reason = Some("interrupted after signing; waiting for the deadline".into());
            } else {
                e.outcome = Outcome::Released;
                e.reason = Some("interrupted before signing".into());
            }
            ledger.put(e)?;
        }
        ledger.tree.flush()?;
        Ok(ledger)
    }

    /// All entries, oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.entries.values()
    }

    /// An entry by id.
    pub fn get(&self, id: u64) -> Option<&Entry> {
        self.entries.get(&id)
    }

    /// Lifetime counters.
    pub fn counters(&self) -> Counters {
        self.counters
    }

    /// A new entry with the next id (not stored; [`Ledger::put`] stores it).
    pub fn draft(&mut self, method: &str, url: &str, now_ms: u64) -> Entry {
        let id = self.next_id;
        self.next_id += 1;
        Entry {
            id,
            method: method.into(),
            url: url.into(),
            amount: 0,
            payee: None,
            outcome: Outcome::Refused,
            tx: None,
            nonce: None,
            deadline: None,
            reason: None,
            created_ms: now_ms,
            updated_ms: now_ms,
        }
    }

    /// Stores `entry` (in memory and sled, not flushed); a change to spent or refused counts.
    pub fn put(&mut self, entry: Entry) -> Result<(), LedgerError> {
        let before = self.entries.get(&entry.id).map(|e| e.outcome);
        if before != Some(entry.outcome) {
            match entry.outcome {
                Outcome::Spent => self.counters.spends += 1,
                Outcome::Refused => self.counters.refusals += 1,
                _ => {}
            }
            let counters = serde_json::to_vec(&self.counters).expect("counters serialize");
            self.tree.insert(COUNTERS_KEY, counters)?;
        }
        let bytes = serde_json::to_vec(&entry).expect("entries serialize");
        self.tree.insert(entry.id.to_be_bytes(), bytes)?;
        self.entries.insert(entry.id, entry);
        Ok(())
    }

    /// Drops the oldest entries that no longer count (refused, released, spent before the
    /// window) until at most `MAX_ENTRIES - 1` remain; whether there is room for one more.
    pub fn prune(&mut self, budget: &Budget, now_ms: u64) -> Result<bool, LedgerError> {
        if self.entries.len() < MAX_ENTRIES {
            return Ok(true);
        }
        let since = now_ms.saturating_sub(duration_ms(budget.window));
        let excess = self.entries.len() + 1 - MAX_ENTRIES;
        let dead: Vec<u64> = self
            .entries
            .values()
            .filter(|e| match e.outcome {
                Outcome::Refused | Outcome::Released => true,
                Outcome::Spent => e.updated_ms <= since,
                _ => false,
            })
            .map(|e| e.id)
            .take(excess)
            .collect();
        for id in dead {
            self.tree.remove(id.to_be_bytes())?;
            self.entries.remove(&id);
        }
        Ok(self.entries.len() < MAX_ENTRIES)
    }

    /// Flushes sled.
    pub async fn flush(tree: &sled::Tree) -> Result<(), LedgerError> {
        tree.flush_async().await?;
        Ok(())
    }

    /// The sled tree (to flush outside the lock).
    pub fn tree(&self) -> &sled::Tree {
        &self.tree
    }
}

/// What the soul shows of its budget (`/soul/status.budget`).
#[derive(Debug, Clone, Serialize)]
pub struct BudgetStatus {
    /// The payer's address, once its wallet is unlocked.
    pub payer: Option<String>,
    /// Whether payments can be made (wallet unlocked).
    pub ready: bool,
    /// The limit per window, atomic units.
    pub limit: u64,
    /// The limit in dollars.
    pub limit_usd: String,
    /// The window, seconds.
    pub window_secs: u64,
    /// The per-request maximum, atomic units.
    pub max_per_request: u64,
    /// Spent within the window.
    pub spent: u64,
    /// Reserved or unsettled.
    pub reserved: u64,
    /// What is left.
    pub remaining: u64,
    /// Lifetime count of spends.
    pub spends: u64,
    /// Lifetime count of refusals.
    pub refusals: u64,
    /// The last entries, newest first.
    pub recent: Vec<Entry>,
}

impl BudgetStatus {
    /// The status of `ledger` under `budget` at `now_ms`, with the last `recent` entries.
    pub fn of(budget: &Budget, ledger: &Ledger, now_ms: u64, recent: usize) -> BudgetStatus {
        let usage = budget.usage(now_ms, ledger.entries());
        let counters = ledger.counters();
        BudgetStatus {
            payer: None,
            ready: false,
            limit: budget.limit,
            limit_usd: Price::from_units(budget.limit).to_string(),
            window_secs: budget.window.as_secs(),
            max_per_request: budget.max_per_request,
            spent: usage.spent,
            reserved: usage.held,
            remaining: budget.remaining(usage),
            spends: counters.spends,
            refusals: counters.refusals,
            recent: ledger.entries().rev().take(recent).cloned().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Duration = Duration::from_secs(86_400);

    fn budget() -> Budget {
        Budget {
            limit: 50_000,
            window: DAY,
            max_per_request: 10_000,
        }
    }

    fn entry(id: u64, amount: u64, outcome: Outcome, updated_ms: u64) -> Entry {
        Entry {
            id,
            method: "GET".into(),
            url: "http://x/".into(),
            amount,
            payee: None,
            outcome,
            tx: None,
            nonce: None,
            deadline: None,
            reason: None,
            created_ms: updated_ms,
            updated_ms,
        }
    }

    #[test]
    fn spent_counts_within_the_window_and_held_always() {
        let now = 10 * 86_400_000;
        let b = budget();
        let entries = [
            entry(0, 7_000, Outcome::Spent, now - 86_400_000), // exactly a window ago: out
            entry(1, 5_000, Outcome::Spent, now - 86_399_999), // just inside
            entry(2, 3_000, Outcome::Reserved, now - 5 * 86_400_000), // old but held
            entry(3, 2_000, Outcome::Unsettled, now),
            entry(4, 9_000, Outcome::Released, now),
            entry(5, 9_000, Outcome::Refused, now),
        ];
        let u = b.usage(now, &entries);
        assert_eq!(
            u,
            Usage {
                spent: 5_000,
                held: 5_000
            }
        );
        assert_eq!(b.remaining(u), 40_000);
    }

    #[test]
    fn check_refuses_above_the_per_request_max_and_the_remaining_budget() {
        let b = budget();
        let u = Usage {
            spent: 35_000,
            held: 6_000,
        };
        assert_eq!(b.check(9_000, u), Ok(()));
        assert_eq!(
            b.check(9_001, u),
            Err(Refusal::OverBudget {
                price: 9_001,
                remaining: 9_000,
                limit: 50_000
            })
        );
        assert_eq!(
            b.check(10_001, Usage::default()),
            Err(Refusal::AboveMaxPerRequest {
                price: 10_001,
                max: 10_000
            })
        );
        // Exactly the remaining budget fits; nothing fits an exhausted one.
        let full = Usage {
            spent: 50_000,
            held: 0,
        };
        assert!(matches!(
            b.check(1, full),
            Err(Refusal::OverBudget { remaining: 0, .. })
        ));
    }

    #[test]
    fn a_zero_budget_spends_nothing() {
        let zero: Price = "$0".parse().expect("$0 is a price");
        let b = Budget {
            limit: zero.units(),
            window: DAY,
            max_per_request: 10_000,
        };
        assert_eq!(
            b.check(1, Usage::default()),
            Err(Refusal::OverBudget {
                price: 1,
                remaining: 0,
                limit: 0
            })
        );
        let b = Budget {
            max_per_request: zero.units(),
            ..budget()
        };
        assert_eq!(
            b.check(1, Usage::default()),
            Err(Refusal::AboveMaxPerRequest { price: 1, max: 0 })
        );
    }

    #[test]
    fn arithmetic_saturates_instead_of_wrapping() {
        let b = Budget {
            limit: u64::MAX,
            window: Duration::MAX,
            max_per_request: u64::MAX,
        };
        let entries = [
            entry(0, u64::MAX, Outcome::Spent, 1),
            entry(1, u64::MAX, Outcome::Reserved, 1),
        ];
        let u = b.usage(2, &entries);
        assert_eq!(u.total(), u64::MAX);
        assert_eq!(b.remaining(u), 0);
        assert!(b.check(1, u).is_err());
    }

    #[test]
    fn the_ledger_survives_reopening_and_settles_interrupted_reservations() {
        let dir = tempfile::tempdir().unwrap();
        let now = 1_000_000;
        {
            let tree = sled::open(dir.path()).unwrap().open_tree("t").unwrap();
            let mut l = Ledger::open(tree).unwrap();
            let mut spent = l.draft("GET", "http://a/", now);
            spent.amount = 1_000;
            spent.outcome = Outcome::Spent;
            l.put(spent).unwrap();
            let mut unsigned = l.draft("GET", "http://b/", now);
            unsigned.amount = 2_000;
            unsigned.outcome = Outcome::Reserved;
            l.put(unsigned).unwrap();
            let mut signed = l.draft("GET", "http://c/", now);
            signed.amount = 3_000;
            signed.outcome = Outcome::Reserved;
            signed.nonce = Some("7".into());
            l.put(signed).unwrap();
            let refused = l.draft("GET", "http://d/", now);
            l.put(refused).unwrap();
            l.tree().flush().unwrap();
        }
        // sled's background thread may hold the lock of the dropped database briefly.
        let db = crate::store::open_db(dir.path()).expect("database reopens");
        let mut l = Ledger::open(db.open_tree("t").unwrap()).unwrap();
        let outcomes: Vec<Outcome> = l.entries().map(|e| e.outcome).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Spent,
                Outcome::Released,
                Outcome::Unsettled,
                Outcome::Refused
            ]
        );
        assert_eq!(
            budget().usage(now, l.entries()),
            Usage {
                spent: 1_000,
                held: 3_000
            }
        );
        assert_eq!(
            l.counters(),
            Counters {
                spends: 1,
                refusals: 1
            }
        );
        assert_eq!(l.draft("GET", "http://e/", now).id, 4, "ids continue");
    }

    #[test]
    fn pruning_drops_only_entries_that_no_longer_count() {
        let dir = tempfile::tempdir().unwrap();
        let tree = sled::open(dir.path()).unwrap().open_tree("t").unwrap();
        let mut l = Ledger::open(tree).unwrap();
        let b = budget();
        let now = 10 * 86_400_000;
        for i in 0..MAX_ENTRIES {
            let mut e = l.draft("GET", "http://x/", now);
            e.amount = 1;
            e.outcome = if i == 0 {
                Outcome::Spent // inside the window: kept
            } else if i == 1 {
                Outcome::Refused
            } else {
                Outcome::Unsettled
            };
            l.put(e).unwrap();
        }
        assert!(l.prune(&b, now).unwrap(), "the refusal makes room");
        assert_eq!(l.entries().count(), MAX_ENTRIES - 1);
        assert!(l.get(1).is_none() && l.get(0).is_some());
        let mut e = l.draft("GET", "http://x/", now);
        e.outcome = Outcome::Reserved;
        l.put(e).unwrap();
        assert!(!l.prune(&b, now).unwrap(), "everything left still counts");
        assert_eq!(b.usage(now, l.entries()).total(), MAX_ENTRIES as u64 - 1);
    }
}
