//! Per-cartridge key-value store: a sled tree per slug, written transactionally per request.
//!
//! A request sees committed values plus its own writes ([`KvOverlay`]); its writes are applied
//! in one atomic batch only when the request succeeds. Nested calls get an isolated overlay
//! with no backing tree, whose writes are discarded.

use std::collections::BTreeMap;

/// Why a KV operation was refused (the guest sees −1 from `kv_set`).
#[derive(Debug, thiserror::Error)]
pub enum KvError {
    /// Key or value larger than allowed, or too many bytes written by one request.
    #[error("{0}")]
    Limit(&'static str),
    /// The database failed.
    #[error("storage: {0}")]
    Storage(#[from] sled::Error),
}

/// Size limits of one request's KV use.
#[derive(Debug, Clone, Copy)]
pub struct KvLimits {
    /// Largest key.
    pub max_key: usize,
    /// Largest value.
    pub max_value: usize,
    /// Bytes written by one request.
    pub max_written: usize,
}

/// A request's view of a cartridge's KV: committed values plus pending writes.
#[derive(Debug)]
pub struct KvOverlay {
    backing: Option<sled::Tree>,
    writes: BTreeMap<Vec<u8>, Vec<u8>>,
    written: usize,
    limits: KvLimits,
}

impl KvOverlay {
    /// An overlay over `backing` (the cartridge's tree), or an isolated one with `None`.
    pub fn new(backing: Option<sled::Tree>, limits: KvLimits) -> Self {
        KvOverlay {
            backing,
            writes: BTreeMap::new(),
            written: 0,
            limits,
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
        self.written = written;
        self.writes.insert(key.to_vec(), value.to_vec());
        Ok(())
    }

    /// The pending writes, to commit when the request succeeded.
    pub fn into_writes(self) -> KvWrites {
        KvWrites(self.writes)
    }
}

/// Writes of one successful request.
#[derive(Debug, Default)]
pub struct KvWrites(BTreeMap<Vec<u8>, Vec<u8>>);

impl KvWrites {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Applies every write to `tree` atomically.
    pub fn commit(self, tree: &sled::Tree) -> Result<(), sled::Error> {
        if self.0.is_empty() {
            return Ok(());
        }
        let mut batch = sled::Batch::default();
        for (k, v) in self.0 {
            batch.insert(k, v);
        }
        tree.apply_batch(batch)
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
        kv.into_writes().commit(&tree).unwrap();
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
}
