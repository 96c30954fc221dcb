//! Cartridge records and module bytes in sled, so cartridges survive a restart.
//!
//! Tree `cartridges`: slug → JSON [`Record`]. Tree `cartridge_wasm`: blake3 hex → wasm bytes
//! (content-addressed, shared by versions). Trees `cartridge_kv/{slug}`: each cartridge's KV.

use serde::{Deserialize, Serialize};
use sled::Transactional;

use crate::kv;
use crate::validate::Kind;

/// One version as persisted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct VersionRecord {
    /// Version number.
    pub number: u64,
    /// blake3 of the wasm bytes (key in `cartridge_wasm`).
    pub hash: String,
    /// Kind found at validation.
    pub kind: Kind,
    /// Unix time of deployment, ms.
    pub created_ms: u64,
}

/// A cartridge as persisted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Record {
    /// Slug.
    pub slug: String,
    /// Price text, e.g. `"$0.001"`.
    pub price: String,
    /// Next version number.
    pub next_version: u64,
    /// Serving version.
    pub current: VersionRecord,
    /// Version kept for rollback.
    pub previous: Option<VersionRecord>,
}

/// The cartridge tables of the node's database.
#[derive(Clone)]
pub(crate) struct Persistence {
    db: sled::Db,
    records: sled::Tree,
    wasm: sled::Tree,
}

impl Persistence {
    /// Opens the trees in `db`.
    pub(crate) fn open(db: &sled::Db) -> Result<Self, sled::Error> {
        Ok(Persistence {
            db: db.clone(),
            records: db.open_tree("cartridges")?,
            wasm: db.open_tree("cartridge_wasm")?,
        })
    }

    /// Every record; unreadable ones are logged and skipped.
    pub(crate) fn records(&self) -> Vec<Record> {
        self.records
            .iter()
            .filter_map(|item| {
                let (key, value) = item
                    .map_err(|e| tracing::error!(error = %e, "cannot read cartridge records"))
                    .ok()?;
                serde_json::from_slice(&value)
                    .map_err(|e| {
                        tracing::error!(slug = %String::from_utf8_lossy(&key), error = %e, "unreadable cartridge record skipped");
                    })
                    .ok()
            })
            .collect()
    }

    /// The wasm bytes of `hash`.
    pub(crate) fn wasm(&self, hash: &str) -> Result<Option<Vec<u8>>, sled::Error> {
        Ok(self.wasm.get(hash)?.map(|v| v.to_vec()))
    }

    /// Saves `record` and, atomically with it, `wasm` under `record.current.hash`.
    pub(crate) fn save(&self, record: &Record, wasm: Option<&[u8]>) -> Result<(), sled::Error> {
        let value = serde_json::to_vec(record).expect("record serializes");
        (&self.records, &self.wasm)
            .transaction(|(records, blobs)| {
                if let Some(bytes) = wasm {
                    blobs.insert(record.current.hash.as_bytes(), bytes)?;
                }
                records.insert(record.slug.as_bytes(), value.as_slice())?;
                Ok(())
            })
            .map_err(|e| match e {
                sled::transaction::TransactionError::Storage(e) => e,
                sled::transaction::TransactionError::Abort(()) => unreachable!("never aborts"),
            })
    }

    /// Deletes `slug`'s record and KV tree.
    pub(crate) fn delete(&self, slug: &str) -> Result<(), sled::Error> {
        self.records.remove(slug.as_bytes())?;
        self.db.drop_tree(kv::tree_name(slug))?;
        Ok(())
    }

    /// The KV tree of `slug`.
    pub(crate) fn kv_tree(&self, slug: &str) -> Result<sled::Tree, sled::Error> {
        self.db.open_tree(kv::tree_name(slug))
    }

    /// Drops module bytes no record refers to and KV trees of cartridges that no longer exist
    /// (left by a crash between the two steps of a delete). Run only while no deploy is in
    /// progress (the service calls it under its admin lock).
    pub(crate) fn collect_garbage(&self) -> Result<(), sled::Error> {
        let records = self.records();
        let used: std::collections::HashSet<&str> = records
            .iter()
            .flat_map(|r| std::iter::once(&r.current).chain(r.previous.as_ref()))
            .map(|v| v.hash.as_str())
            .collect();
        for key in self.wasm.iter().keys() {
            let key = key?;
            if !used.contains(String::from_utf8_lossy(&key).as_ref()) {
                self.wasm.remove(key)?;
            }
        }
        let slugs: std::collections::HashSet<&str> =
            records.iter().map(|r| r.slug.as_str()).collect();
        for name in self.db.tree_names() {
            let name = String::from_utf8_lossy(&name).into_owned();
            if let Some(slug) = name.strip_prefix(kv::KV_TREE_PREFIX)
                && !slugs.contains(slug)
            {
                self.db.drop_tree(name.as_bytes())?;
            }
        }
        Ok(())
    }
}
