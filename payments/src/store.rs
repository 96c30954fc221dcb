//! Exactly-once settlement records in sled.
//!
//! A payment id is claimed (compare-and-swap, then flushed to disk) **before** its transaction is
//! sent; the transaction hash is recorded (flushed) as soon as it is known and the outcome after
//! the receipt. A claim is only ever released when the chain proves nothing moved, so a payment
//! settles at most once even with concurrent duplicates, retries and crashes.

use serde::{Deserialize, Serialize};

/// How long [`open_db`] waits for a lock still held by a handle this process just dropped.
const OPEN_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens (creating) the sled database at `path`.
///
/// sled releases its file lock when the last reference to the database is dropped, and some of
/// those references live in sled's own background threads for a moment after the handle is
/// dropped. Reopening in the same process (a restart in a test, a bench that reopens its ledger)
/// therefore retries a lock conflict for up to 5 s; any other error is returned at once.
pub fn open_db(path: impl AsRef<std::path::Path>) -> sled::Result<sled::Db> {
    let path = path.as_ref();
    let deadline = std::time::Instant::now() + OPEN_LOCK_WAIT;
    loop {
        match sled::open(path) {
            Err(sled::Error::Io(_)) if locked(path) && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// Whether another handle holds the lock of the database at `path` (sled reports a conflict only
/// as text, so the lock is probed itself: the same `flock` sled takes on its `db` file).
fn locked(path: &std::path::Path) -> bool {
    std::fs::File::open(path.join("db"))
        .is_ok_and(|f| matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
}

/// Errors of the store (I/O, never "already used").
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled failed.
    #[error("settlement store: {0}")]
    Sled(#[from] sled::Error),
    /// A record could not be decoded.
    #[error("settlement store: corrupt record {key}: {reason}")]
    Corrupt {
        /// Key.
        key: String,
        /// Cause.
        reason: String,
    },
}

/// Where a settlement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Claimed; the transaction may or may not have been sent.
    Pending,
    /// Funds moved (receipt succeeded, or the Permit2 nonce is consumed).
    Settled,
    /// Nothing moved (reverted, or never sent); the id may be claimed again.
    Failed,
}

/// One payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Payment id (store key).
    pub id: String,
    /// Scheme (`exact`, `tempo-tip20`).
    pub scheme: String,
    /// CAIP-2 network.
    pub network: String,
    /// Payer.
    pub payer: String,
    /// Recipient.
    pub pay_to: String,
    /// Token.
    pub asset: String,
    /// Atomic units.
    pub amount: String,
    /// Scheme nonce (Permit2 nonce, decimal; legacy: bytes32 hex).
    pub nonce: String,
    /// Resource URL paid for, if known.
    pub resource: Option<String>,
    /// State.
    pub state: State,
    /// Settlement transaction.
    pub transaction: Option<String>,
    /// Failure reason.
    pub error: Option<String>,
    /// Claim time, ms since the epoch.
    pub created_ms: u64,
    /// Last change, ms since the epoch.
    pub updated_ms: u64,
    /// The paid response was produced. Records written before this field existed read as
    /// served (they are never redeemed).
    #[serde(default = "yes")]
    pub served: bool,
    /// A payment that settled but was not served was redeemed: served once, not settled again.
    #[serde(default)]
    pub redeemed: bool,
}

fn yes() -> bool {
    true
}

/// Prefix of the error of a settlement whose broadcast failed after its hash was recorded: the
/// node may still have it, so the record stays in doubt (not claimable) until the reconciler
/// finds its receipt or learns the chain never had it.
pub const BROADCAST_FAILED: &str = "broadcast failed";

impl Record {
    /// Whether the id may be claimed again: only a failed `exact` payment (its Permit2 nonce
    /// proves nothing moved). A legacy `tempo-tip20` nonce is never released.
    pub fn reclaimable(&self) -> bool {
        self.state == State::Failed
            && self.scheme != crate::schemes::tempo_tip20::SCHEME
            && !self.in_doubt()
    }

    /// A failed broadcast whose transaction may still be mined (see [`BROADCAST_FAILED`]).
    pub fn in_doubt(&self) -> bool {
        self.state == State::Failed
            && self.transaction.is_some()
            && self
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with(BROADCAST_FAILED))
    }

    /// Settled, but the paid response was never produced: redeemable once.
    pub fn redeemable(&self) -> bool {
        self.state == State::Settled && !self.served && !self.redeemed
    }
}

/// Result of a claim.
#[derive(Debug)]
pub enum Claim {
    /// This caller owns the payment now.
    Won,
    /// Someone already claimed it (pending or settled).
    Taken(Box<Record>),
}

/// The store (one sled tree).
#[derive(Clone)]
pub struct Store {
    tree: sled::Tree,
}

/// Milliseconds since the epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Store {
    /// A store on `tree`.
    pub fn new(tree: sled::Tree) -> Store {
        Store { tree }
    }

    fn decode(key: &[u8], bytes: &[u8]) -> Result<Record, StoreError> {
        serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
            key: String::from_utf8_lossy(key).into_owned(),
            reason: e.to_string(),
        })
    }

    /// Atomically claims `record.id` (state set to pending) and flushes to disk. A failed
    /// record may be claimed again (see [`Record::reclaimable`]); a pending or settled one may not.
    pub async fn claim(&self, record: &Record) -> Result<Claim, StoreError> {
        let key = record.id.as_bytes();
        let mut fresh = record.clone();
        fresh.state = State::Pending;
        let new = serde_json::to_vec(&fresh).expect("record serializes");
        loop {
            let current = self.tree.get(key)?;
            if let Some(bytes) = &current {
                let existing = Self::decode(key, bytes)?;
                if !existing.reclaimable() {
                    return Ok(Claim::Taken(Box::new(existing)));
                }
            }
            match self
                .tree
                .compare_and_swap(key, current, Some(new.clone()))?
            {
                Ok(()) => break,
                Err(_) => continue,
            }
        }
        self.flush().await?;
        Ok(Claim::Won)
    }

    /// Overwrites a record this caller owns and flushes.
    pub async fn put(&self, record: &Record) -> Result<(), StoreError> {
        let mut r = record.clone();
        r.updated_ms = now_ms();
        self.tree.insert(
            r.id.as_bytes(),
            serde_json::to_vec(&r).expect("record serializes"),
        )?;
        self.flush().await
    }

    /// Changes the record of `id` atomically: `change` edits it and says whether to keep the
    /// edit (false: the record is left as is). Returns the new record when it changed (flushed).
    pub async fn update(
        &self,
        id: &str,
        mut change: impl FnMut(&mut Record) -> bool,
    ) -> Result<Option<Record>, StoreError> {
        let key = id.as_bytes();
        let updated = loop {
            let Some(current) = self.tree.get(key)? else {
                return Ok(None);
            };
            let mut rec = Self::decode(key, &current)?;
            if !change(&mut rec) {
                return Ok(None);
            }
            rec.updated_ms = now_ms();
            let new = serde_json::to_vec(&rec).expect("record serializes");
            if self
                .tree
                .compare_and_swap(key, Some(current), Some(new))?
                .is_ok()
            {
                break rec;
            }
        };
        self.flush().await?;
        Ok(Some(updated))
    }

    /// Forgets a claim whose settlement was never sent (its owner calls this), and flushes.
    pub async fn release(&self, id: &str) -> Result<(), StoreError> {
        self.tree.remove(id.as_bytes())?;
        self.flush().await
    }

    /// fsyncs the tree on a blocking thread (sled's `flush_async` can stall under many
    /// concurrent callers).
    async fn flush(&self) -> Result<(), StoreError> {
        let tree = self.tree.clone();
        tokio::task::spawn_blocking(move || tree.flush())
            .await
            .map_err(|e| StoreError::Sled(sled::Error::ReportableBug(e.to_string())))??;
        Ok(())
    }

    /// The record of `id`.
    pub fn get(&self, id: &str) -> Result<Option<Record>, StoreError> {
        match self.tree.get(id.as_bytes())? {
            Some(b) => Ok(Some(Self::decode(id.as_bytes(), &b)?)),
            None => Ok(None),
        }
    }

    /// Every record, oldest first.
    pub fn list(&self) -> Result<Vec<Record>, StoreError> {
        let mut out = Vec::new();
        for item in self.tree.iter() {
            let (k, v) = item?;
            out.push(Self::decode(&k, &v)?);
        }
        out.sort_by_key(|r| (r.created_ms, r.id.clone()));
        Ok(out)
    }

    /// Records still pending (to reconcile after a restart).
    pub fn pending(&self) -> Result<Vec<Record>, StoreError> {
        Ok(self
            .list()?
            .into_iter()
            .filter(|r| r.state == State::Pending)
            .collect())
    }

    /// Records whose outcome the chain still has to tell: pending, or a failed broadcast in
    /// doubt.
    pub fn unresolved(&self) -> Result<Vec<Record>, StoreError> {
        Ok(self
            .list()?
            .into_iter()
            .filter(|r| r.state == State::Pending || r.in_doubt())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str) -> Record {
        Record {
            id: id.into(),
            scheme: "exact".into(),
            network: "eip155:42431".into(),
            payer: "0xa".into(),
            pay_to: "0xb".into(),
            asset: "0xc".into(),
            amount: "1000".into(),
            nonce: "1".into(),
            resource: None,
            state: State::Pending,
            transaction: None,
            error: None,
            created_ms: now_ms(),
            updated_ms: now_ms(),
            served: false,
            redeemed: false,
        }
    }

    #[tokio::test]
    async fn one_claim_wins_among_concurrent_duplicates_and_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        let store = Store::new(db.open_tree("payments").unwrap());
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let s = store.clone();
            tasks.push(tokio::spawn(async move {
                matches!(s.claim(&record("p1")).await.unwrap(), Claim::Won)
            }));
        }
        let mut wins = 0;
        for t in tasks {
            wins += t.await.unwrap() as usize;
        }
        assert_eq!(wins, 1);
        let mut r = store.get("p1").unwrap().unwrap();
        r.state = State::Settled;
        r.transaction = Some("0x12".into());
        store.put(&r).await.unwrap();
        drop(store);
        drop(db);
        let db = open_db(dir.path()).unwrap();
        let store = Store::new(db.open_tree("payments").unwrap());
        let back = store.get("p1").unwrap().unwrap();
        assert_eq!(back.state, State::Settled);
        assert!(matches!(
            store.claim(&record("p1")).await.unwrap(),
            Claim::Taken(_)
        ));
        // A failed record can be claimed again.
        let mut f = record("p2");
        f.state = State::Failed;
        store.put(&f).await.unwrap();
        assert!(matches!(
            store.claim(&record("p2")).await.unwrap(),
            Claim::Won
        ));
        assert_eq!(store.pending().unwrap().len(), 1);
        assert_eq!(store.list().unwrap().len(), 2);
    }

    #[test]
    fn a_lock_conflict_is_recognised_by_probing_the_lock_not_by_text() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!locked(dir.path()), "no database yet");
        let db = sled::open(dir.path()).unwrap();
        // The real error sled returns for a second handle: an I/O error, only its text says why.
        assert!(matches!(sled::open(dir.path()), Err(sled::Error::Io(_))));
        assert!(locked(dir.path()));
        drop(db);
        // Released once sled's background threads let go; open_db waits for that.
        let db = open_db(dir.path()).unwrap();
        assert!(locked(dir.path()));
        drop(db);
        // Any other I/O error is returned at once, not retried: a file where the directory goes.
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        let started = std::time::Instant::now();
        assert!(matches!(open_db(&file), Err(sled::Error::Io(_))));
        assert!(started.elapsed() < OPEN_LOCK_WAIT);
    }

    #[tokio::test]
    async fn a_failed_broadcast_in_doubt_is_not_claimable_and_old_records_read_as_served() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(sled::open(dir.path()).unwrap().open_tree("p").unwrap());
        let mut f = record("p3");
        f.state = State::Failed;
        f.transaction = Some("0x12".into());
        f.error = Some(format!("{BROADCAST_FAILED}: connection reset"));
        store.put(&f).await.unwrap();
        assert!(matches!(
            store.claim(&record("p3")).await.unwrap(),
            Claim::Taken(_)
        ));
        assert_eq!(store.unresolved().unwrap().len(), 1);
        // Only one concurrent update of a redeemable record wins.
        let mut s = record("p4");
        s.state = State::Settled;
        store.put(&s).await.unwrap();
        let redeem = |r: &mut Record| {
            let ok = r.redeemable();
            r.redeemed = true;
            ok
        };
        assert!(store.update("p4", redeem).await.unwrap().is_some());
        assert!(store.update("p4", redeem).await.unwrap().is_none());
        let mut old = serde_json::to_value(record("p5")).unwrap();
        old.as_object_mut().unwrap().remove("served");
        let back: Record = serde_json::from_value(old).unwrap();
        assert!(back.served && !back.redeemed);
    }
}
