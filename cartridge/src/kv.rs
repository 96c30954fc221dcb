//! Per-cartridge key-value store: a sled tree per slug, written transactionally per request.
//!
//! A request sees committed values plus its own writes ([`KvOverlay`]); its writes are applied
//! in one atomic batch only when the request succeeds. Nested calls get an isolated overlay
//! with no backing tree, whose writes are discarded.
//!
//! Each cartridge's KV has a quota (bytes of keys plus values, and keys), counted by
//! [`KvUsage`]: a write that would grow the KV past it is refused when the guest makes it
//! (`kv_set` answers [`KvError::code`]). Growth of requests in flight is reserved at `kv_set`
//! and released when the request ends, so concurrent requests cannot overshoot the quota
//! together.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Why a KV operation was refused; the guest sees [`KvError::code`] from `kv_set`.
#[derive(Debug, thiserror::Error)]
pub enum KvError {
    /// Key or value larger than allowed, or too many bytes written by one request.
    #[error("{0}")]
    Limit(&'static str),
    /// The write would take the cartridge's KV past its quota of bytes.
    #[error(
        "KV quota exceeded: the cartridge stores {used} bytes (+{pending} pending), this write \
         adds {adding}, the quota is {limit} bytes"
    )]
    QuotaBytes {
        /// Bytes stored (keys plus values).
        used: u64,
        /// Growth reserved by requests in flight.
        pending: u64,
        /// Growth this write would add.
        adding: u64,
        /// The quota.
        limit: u64,
    },
    /// The write would add a key past the cartridge's quota of keys.
    #[error(
        "KV quota exceeded: the cartridge has {used} keys (+{pending} pending), the quota is {limit} keys"
    )]
    QuotaKeys {
        /// Keys stored.
        used: u64,
        /// New keys reserved by requests in flight.
        pending: u64,
        /// The quota.
        limit: u64,
    },
    /// The database failed.
    #[error("storage: {0}")]
    Storage(#[from] sled::Error),
}

impl KvError {
    /// What `kv_set` answers the guest: −1 key, value or per-request limit (or storage
    /// failure), −2 the cartridge's byte quota, −3 its key quota.
    pub fn code(&self) -> i32 {
        match self {
            KvError::Limit(_) | KvError::Storage(_) => -1,
            KvError::QuotaBytes { .. } => -2,
            KvError::QuotaKeys { .. } => -3,
        }
    }
}

/// Size limits of one request's KV use, and the cartridge's quota.
#[derive(Debug, Clone, Copy)]
pub struct KvLimits {
    /// Largest key.
    pub max_key: usize,
    /// Largest value.
    pub max_value: usize,
    /// Bytes written by one request.
    pub max_written: usize,
    /// Quota: bytes of keys plus values stored by the cartridge.
    pub max_total_bytes: u64,
    /// Quota: keys stored by the cartridge.
    pub max_keys: u64,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    bytes: u64,
    keys: u64,
}

#[derive(Debug, Default)]
struct Usage {
    stored: Counts,
    reserved: Counts,
}

/// What a cartridge's KV holds (bytes of keys plus values, keys), plus the growth reserved by
/// requests in flight; one per cartridge, shared by its requests.
#[derive(Debug, Default)]
pub struct KvUsage(Mutex<Usage>);

impl KvUsage {
    /// Counts what `tree` holds.
    pub fn scan(tree: &sled::Tree) -> Result<Self, sled::Error> {
        let mut stored = Counts::default();
        for item in tree.iter() {
            let (k, v) = item?;
            stored.bytes += (k.len() + v.len()) as u64;
            stored.keys += 1;
        }
        Ok(KvUsage(Mutex::new(Usage {
            stored,
            reserved: Counts::default(),
        })))
    }

    /// Bytes and keys stored (committed).
    pub fn stored(&self) -> (u64, u64) {
        let usage = self.0.lock().expect("kv usage lock");
        (usage.stored.bytes, usage.stored.keys)
    }

    fn reserve(&self, grow: Counts, limits: &KvLimits) -> Result<(), KvError> {
        let mut usage = self.0.lock().expect("kv usage lock");
        let Usage { stored, reserved } = *usage;
        if grow.keys > 0 && stored.keys + reserved.keys + grow.keys > limits.max_keys {
            return Err(KvError::QuotaKeys {
                used: stored.keys,
                pending: reserved.keys,
                limit: limits.max_keys,
            });
        }
        if grow.bytes > 0 && stored.bytes + reserved.bytes + grow.bytes > limits.max_total_bytes {
            return Err(KvError::QuotaBytes {
                used: stored.bytes,
                pending: reserved.bytes,
                adding: grow.bytes,
                limit: limits.max_total_bytes,
            });
        }
        usage.reserved.bytes += grow.bytes;
        usage.reserved.keys += grow.keys;
        Ok(())
    }

    fn release(&self, reserved: Counts) {
        let mut usage = self.0.lock().expect("kv usage lock");
        usage.reserved.bytes = usage.reserved.bytes.saturating_sub(reserved.bytes);
        usage.reserved.keys = usage.reserved.keys.saturating_sub(reserved.keys);
    }
}

/// The quota a request's writes are counted against, and what it reserved so far.
#[derive(Debug)]
struct Metered {
    usage: Arc<KvUsage>,
    reserved: Counts,
}

impl Drop for Metered {
    /// A request that ends without committing gives its reservation back.
    fn drop(&mut self) {
        self.usage.release(self.reserved);
    }
}

/// A request's view of a cartridge's KV: committed values plus pending writes.
#[derive(Debug)]
pub struct KvOverlay {
    backing: Option<sled::Tree>,
    writes: BTreeMap<Vec<u8>, Vec<u8>>,
    written: usize,
    limits: KvLimits,
    metered: Option<Metered>,
}

impl KvOverlay {
    /// An overlay over `backing` (the cartridge's tree), or an isolated one with `None`, not
    /// counted against any quota.
    pub fn new(backing: Option<sled::Tree>, limits: KvLimits) -> Self {
        KvOverlay {
            backing,
            writes: BTreeMap::new(),
            written: 0,
            limits,
            metered: None,
        }
    }

    /// An overlay over the cartridge's `tree` whose writes count against its quota, `usage`.
    pub fn metered(tree: sled::Tree, usage: Arc<KvUsage>, limits: KvLimits) -> Self {
        KvOverlay {
            metered: Some(Metered {
                usage,
                reserved: Counts::default(),
            }),
            ..KvOverlay::new(Some(tree), limits)
        }
    }

    /// The value of `key`: this request's write if any, else the committed one.
    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, KvError> {
        if key.len() > self.limits.max_key {
            return Err(KvError::Limit("key too long"));
        }
        if let Some(v) = self.writes.get(key) {
            return Ok(Some(v.clone()));
        }
        match &self.backing {
            Some(tree) => Ok(tree.get(key)?.map(|v| v.to_vec())),
            None => Ok(None),
        }
    }

    /// Records a write (applied at commit).
    pub fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), KvError> {
        if key.len() > self.limits.max_key {
            return Err(KvError::Limit("key too long"));
        }
        if value.len() > self.limits.max_value {
            return Err(KvError::Limit("value too large"));
        }
        let written = self.written + key.len() + value.len();
        if written > self.limits.max_written {
            return Err(KvError::Limit("too many bytes written by one request"));
        }
        if self.metered.is_some() {
            // Growth over what this request sees now (its own pending write, else committed).
            let old = match self.writes.get(key) {
                Some(v) => Some(v.len()),
                None => self.get(key)?.map(|v| v.len()),
            };
            let grow = match old {
                None => Counts {
                    bytes: (key.len() + value.len()) as u64,
                    keys: 1,
                },
                Some(old) => Counts {
                    bytes: value.len().saturating_sub(old) as u64,
                    keys: 0,
                },
            };
            if let Some(metered) = &mut self.metered {
                metered.usage.reserve(grow, &self.limits)?;
                metered.reserved.bytes += grow.bytes;
                metered.reserved.keys += grow.keys;
            }
        }
        self.written = written;
        self.writes.insert(key.to_vec(), value.to_vec());
        Ok(())
    }

    /// The pending writes, to commit when the request succeeded.
    pub fn into_writes(mut self) -> KvWrites {
        KvWrites {
            writes: std::mem::take(&mut self.writes),
            metered: self.metered.take(),
        }
    }
}

/// Writes of one successful request (dropping them uncommitted releases their reservation).
#[derive(Debug, Default)]
pub struct KvWrites {
    writes: BTreeMap<Vec<u8>, Vec<u8>>,
    metered: Option<Metered>,
}

impl KvWrites {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// Applies every write to `tree` atomically and counts them in the quota's usage; with
    /// `durable`, also flushes the database to disk before returning.
    pub fn commit(mut self, tree: &sled::Tree, durable: bool) -> Result<(), sled::Error> {
        if self.writes.is_empty() {
            return Ok(());
        }
        let mut batch = sled::Batch::default();
        for (k, v) in &self.writes {
            batch.insert(k.as_slice(), v.as_slice());
        }
        match &mut self.metered {
            Some(metered) => {
                // Counted under the usage lock, against the values this batch replaces.
                let mut usage = metered.usage.0.lock().expect("kv usage lock");
                let mut added = 0u64;
                let mut removed = 0u64;
                let mut keys = 0u64;
                for (k, v) in &self.writes {
                    match tree.get(k)? {
                        Some(old) => removed += old.len() as u64,
                        None => {
                            keys += 1;
                            added += k.len() as u64;
                        }
                    }
                    added += v.len() as u64;
                }
                tree.apply_batch(batch)?;
                usage.stored.bytes = (usage.stored.bytes + added).saturating_sub(removed);
                usage.stored.keys += keys;
                usage.reserved.bytes = usage.reserved.bytes.saturating_sub(metered.reserved.bytes);
                usage.reserved.keys = usage.reserved.keys.saturating_sub(metered.reserved.keys);
                metered.reserved = Counts::default();
            }
            None => tree.apply_batch(batch)?,
        }
        if durable {
            tree.flush()?;
        }
        Ok(())
    }
}

/// Name of the sled tree holding `slug`'s KV.
pub fn tree_name(slug: &str) -> String {
    format!("{KV_TREE_PREFIX}{slug}")
}

/// Prefix of the KV trees' names.
pub const KV_TREE_PREFIX: &str = "cartridge_kv/";

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> KvLimits {
        KvLimits {
            max_key: 8,
            max_value: 16,
            max_written: 40,
            max_total_bytes: 25,
            max_keys: 2,
        }
    }

    #[test]
    fn writes_are_visible_to_the_request_and_committed_atomically() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        tree.insert(b"a", b"old".as_slice()).unwrap();
        let mut kv = KvOverlay::new(Some(tree.clone()), limits());
        assert_eq!(kv.get(b"a").unwrap().as_deref(), Some(&b"old"[..]));
        kv.set(b"a", b"new").unwrap();
        kv.set(b"b", b"x").unwrap();
        assert_eq!(kv.get(b"a").unwrap().as_deref(), Some(&b"new"[..]));
        assert_eq!(tree.get(b"a").unwrap().as_deref(), Some(&b"old"[..]));
        kv.into_writes().commit(&tree, false).unwrap();
        assert_eq!(tree.get(b"a").unwrap().as_deref(), Some(&b"new"[..]));
        assert_eq!(tree.get(b"b").unwrap().as_deref(), Some(&b"x"[..]));
    }

    #[test]
    fn limits_refuse_oversized_writes() {
        let mut kv = KvOverlay::new(None, limits());
        assert!(kv.set(b"123456789", b"v").is_err());
        assert!(kv.set(b"k", &[0; 17]).is_err());
        kv.set(b"k1", &[0; 16]).unwrap();
        kv.set(b"k2", &[0; 16]).unwrap();
        assert!(kv.set(b"k3", &[0; 16]).is_err(), "per-request budget");
        assert_eq!(kv.get(b"zz").unwrap(), None);
    }

    #[test]
    fn quota_counts_committed_and_in_flight_growth_and_releases_failed_requests() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("t").unwrap();
        tree.insert(b"a", [0u8; 9].as_slice()).unwrap(); // 10 bytes, 1 key
        let usage = Arc::new(KvUsage::scan(&tree).unwrap());
        assert_eq!(usage.stored(), (10, 1));

        let mut first = KvOverlay::metered(tree.clone(), usage.clone(), limits());
        first.set(b"b", &[0; 9]).unwrap(); // 20 bytes, 2 keys (reserved)
        let mut second = KvOverlay::metered(tree.clone(), usage.clone(), limits());
        let err = second.set(b"c", b"").unwrap_err();
        assert!(
            matches!(
                err,
                KvError::QuotaKeys {
                    used: 1,
                    pending: 1,
                    limit: 2
                }
            ),
            "{err}"
        );
        assert_eq!(err.code(), -3);
        // Overwriting a key adds no key; growing its value counts the growth only.
        let err = second.set(b"a", &[0; 16]).unwrap_err();
        assert!(
            matches!(err, KvError::QuotaBytes { adding: 7, .. }),
            "{err}"
        );
        assert_eq!(err.code(), -2);
        second.set(b"a", &[1; 4]).unwrap();

        drop(first); // failed request: its reservation is released
        let mut third = KvOverlay::metered(tree.clone(), usage.clone(), limits());
        third.set(b"c", &[0; 9]).unwrap();
        second.into_writes().commit(&tree, false).unwrap();
        assert_eq!(usage.stored(), (5, 1), "a shrank to 4 bytes");
        third.into_writes().commit(&tree, true).unwrap();
        assert_eq!(usage.stored(), (15, 2));
        assert_eq!(
            KvUsage::scan(&tree).unwrap().stored(),
            (15, 2),
            "counts match the tree"
        );
        let mut fourth = KvOverlay::metered(tree.clone(), usage.clone(), limits());
        assert_eq!(fourth.set(b"d", b"").unwrap_err().code(), -3);
    }
}
