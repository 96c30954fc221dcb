//! Results persisted in sled: per session (`s` + id) the report without its problems, and per
//! problem (`r` + id + slug) its result. The newest [`MAX_SESSIONS`] sessions are kept.

use serde::{Serialize, de::DeserializeOwned};

use crate::problem::Slug;
use crate::session::{ProblemResult, SessionReport};

/// Sessions kept; saving one more drops the oldest with its problem results.
pub const MAX_SESSIONS: usize = 256;
/// Name of the tree [`ResultStore::open`] uses.
pub const TREE: &str = "bench-iq";

const NEXT_ID: &[u8] = b"next-id";

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled failed.
    #[error("sled")]
    Sled(#[from] sled::Error),
    /// A stored value does not decode (or a value does not encode).
    #[error("stored value under {key:?}")]
    Codec {
        /// The key, lossily printed.
        key: String,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
}

/// Session and problem results in one sled tree.
#[derive(Debug, Clone)]
pub struct ResultStore {
    tree: sled::Tree,
}

fn session_key(id: u64) -> Vec<u8> {
    let mut k = b"s".to_vec();
    k.extend_from_slice(&id.to_be_bytes());
    k
}

fn result_prefix(id: u64) -> Vec<u8> {
    let mut k = b"r".to_vec();
    k.extend_from_slice(&id.to_be_bytes());
    k
}

fn decode<T: DeserializeOwned>(key: &[u8], v: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(v).map_err(|source| StoreError::Codec {
        key: String::from_utf8_lossy(key).into_owned(),
        source,
    })
}

fn encode<T: Serialize>(key: &[u8], v: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(v).map_err(|source| StoreError::Codec {
        key: String::from_utf8_lossy(key).into_owned(),
        source,
    })
}

fn id_of(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.get(1..9)?.try_into().ok()?))
}

impl ResultStore {
    /// A store in `tree`.
    pub fn new(tree: sled::Tree) -> Self {
        Self { tree }
    }

    /// A store in the [`TREE`] tree of `db`.
    pub fn open(db: &sled::Db) -> Result<Self, StoreError> {
        Ok(Self::new(db.open_tree(TREE)?))
    }

    /// Saves a session and its problem results; returns the session id (increasing).
    pub fn save(&self, report: &SessionReport) -> Result<u64, StoreError> {
        let next = self.tree.update_and_fetch(NEXT_ID, |old| {
            let n = old
                .and_then(|o| o.try_into().ok())
                .map_or(0, u64::from_be_bytes);
            Some(n.saturating_add(1).to_be_bytes().to_vec())
        })?;
        let id = next
            .and_then(|v| v.as_ref().try_into().ok())
            .map_or(1, u64::from_be_bytes);
        let mut batch = sled::Batch::default();
        let summary = SessionReport {
            problems: Vec::new(),
            ..report.clone()
        };
        let key = session_key(id);
        batch.insert(key.clone(), encode(&key, &summary)?);
        for p in &report.problems {
            let mut key = result_prefix(id);
            key.extend_from_slice(p.slug.as_str().as_bytes());
            batch.insert(key.clone(), encode(&key, p)?);
        }
        let ids: Vec<u64> = self
            .tree
            .scan_prefix(b"s")
            .keys()
            .filter_map(|k| k.ok().and_then(|k| id_of(&k)))
            .collect();
        // `ids` holds the new one only after the batch; drop enough old ones to leave room.
        let excess = (ids.len() + 1).saturating_sub(MAX_SESSIONS);
        for old in ids.into_iter().take(excess) {
            batch.remove(session_key(old));
            for k in self.tree.scan_prefix(result_prefix(old)).keys() {
                batch.remove(k?);
            }
        }
        self.tree.apply_batch(batch)?;
        Ok(id)
    }

    /// Session ids, oldest first.
    pub fn sessions(&self) -> Result<Vec<u64>, StoreError> {
        let mut ids = Vec::new();
        for k in self.tree.scan_prefix(b"s").keys() {
            ids.extend(id_of(&k?));
        }
        Ok(ids)
    }

    /// A whole session (its problem results in slug order), if stored.
    pub fn session(&self, id: u64) -> Result<Option<SessionReport>, StoreError> {
        let key = session_key(id);
        let Some(v) = self.tree.get(&key)? else {
            return Ok(None);
        };
        let mut report: SessionReport = decode(&key, &v)?;
        for kv in self.tree.scan_prefix(result_prefix(id)) {
            let (k, v) = kv?;
            report.problems.push(decode(&k, &v)?);
        }
        Ok(Some(report))
    }

    /// Every stored result of one problem, oldest session first.
    pub fn history(&self, slug: &Slug) -> Result<Vec<(u64, ProblemResult)>, StoreError> {
        let mut out = Vec::new();
        for kv in self.tree.scan_prefix(b"r") {
            let (k, v) = kv?;
            if k.get(9..) == Some(slug.as_str().as_bytes())
                && let Some(id) = id_of(&k)
            {
                out.push((id, decode(&k, &v)?));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::Outcome;
    use crate::problem::Tier;
    use crate::score::Score;

    fn report(n: usize) -> SessionReport {
        let problems: Vec<ProblemResult> = (0..n)
            .map(|i| ProblemResult {
                slug: Slug::parse(&format!("p{i}")).expect("slug"),
                tier: Tier::new(2).expect("tier"),
                outcome: if i == 0 {
                    Outcome::Passed
                } else {
                    Outcome::Failed {
                        tests: vec!["t".into()],
                        output: "boom".into(),
                    }
                },
                attempts: 1,
                elapsed_ms: 3,
                solution: None,
            })
            .collect();
        SessionReport {
            solver: "reference".into(),
            model: None,
            started_unix_ms: 1,
            wall_ms: 2,
            score: Score::of(problems.iter().map(|p| (p.tier, p.outcome.passed()))),
            problems,
        }
    }

    #[test]
    fn saves_reloads_and_bounds_sessions() {
        let db = sled::Config::new().temporary(true).open().expect("sled");
        let store = ResultStore::open(&db).expect("store");
        let first = store.save(&report(3)).expect("save");
        assert_eq!(store.session(first).expect("load"), Some(report(3)));
        let slug = Slug::parse("p1").expect("slug");
        assert_eq!(store.history(&slug).expect("history").len(), 1);
        for _ in 0..MAX_SESSIONS {
            store.save(&report(2)).expect("save");
        }
        let ids = store.sessions().expect("ids");
        assert_eq!(ids.len(), MAX_SESSIONS);
        assert_eq!(
            store.session(first).expect("load"),
            None,
            "the oldest is dropped"
        );
        // Its problem results went with it (p2 only existed in the first session).
        let p2 = Slug::parse("p2").expect("slug");
        assert!(store.history(&p2).expect("history").is_empty());
        assert_eq!(store.history(&slug).expect("history").len(), MAX_SESSIONS);
    }
}
