//! Persistence in sled: goals (with their plans), step outcomes, counters, drafts and memory.
//! Every tree is bounded; totals live in counters so pruning loses no figure.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::types::{Goal, GoalId, GoalStatus, StepOutcome};

/// Outcomes kept (older ones are pruned; totals stay in [`Counters`]).
pub const MAX_OUTCOMES: usize = 512;
/// Finished goals kept.
pub const MAX_FINISHED_GOALS: usize = 64;
/// Memory entries kept.
pub const MAX_MEMORY: usize = 256;
/// Longest memory key.
pub const MAX_MEMORY_KEY: usize = 64;
/// Longest memory value (JSON text).
pub const MAX_MEMORY_VALUE: usize = 2048;
/// Drafts kept.
pub const MAX_DRAFTS: usize = 16;
/// Longest draft source.
pub const MAX_DRAFT_BYTES: usize = 64 * 1024;

/// A store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled failed.
    #[error("soul storage failed")]
    Sled(
        #[from]
        #[source]
        sled::Error,
    ),
    /// A stored record does not parse.
    #[error("stored soul record is unreadable")]
    Corrupt(
        #[from]
        #[source]
        serde_json::Error,
    ),
    /// A bound was hit.
    #[error("{0}")]
    Full(String),
}

/// Running totals (never pruned).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counters {
    /// Next goal id.
    pub next_goal: u64,
    /// Next outcome sequence number.
    pub next_seq: u64,
    /// Cycles run.
    pub cycles: u64,
    /// Cycles cut by the per-cycle deadline.
    pub cycle_timeouts: u64,
    /// Step outcomes recorded.
    pub outcomes_total: u64,
    /// Of which succeeded.
    pub outcomes_ok: u64,
    /// Goals formed.
    pub goals_formed: u64,
    /// Goals completed.
    pub goals_completed: u64,
    /// Goals failed.
    pub goals_failed: u64,
    /// Plans from templates.
    pub plans_template: u64,
    /// Plans from the LLM that passed validation.
    pub plans_llm: u64,
    /// LLM plans refused (unknown tool, bad args, too many steps, not JSON).
    pub plans_rejected: u64,
    /// Plans from genesis templates.
    #[serde(default)]
    pub plans_genesis: u64,
    /// Plans replaced by an alternative without a tool the learning systems advise against.
    #[serde(default)]
    pub plans_avoided: u64,
    /// Provider errors (timeouts, transport, malformed answers).
    pub llm_errors: u64,
    /// Provider 429s (not the agent's fault; the LLM path pauses).
    pub llm_rate_limited: u64,
    /// Replans.
    pub replans: u64,
    /// Money spent by tools, micro-USD.
    pub spent_micros: u64,
    /// Nudges accepted.
    pub nudges: u64,
    /// Chats answered.
    pub chats: u64,
    /// Steps the brain gated (not run; the goal replanned).
    #[serde(default)]
    pub brain_gated: u64,
}

/// The soul's sled trees.
#[derive(Clone)]
pub struct Store {
    goals: sled::Tree,
    outcomes: sled::Tree,
    meta: sled::Tree,
    memory: sled::Tree,
    drafts: sled::Tree,
    /// The brain's recorded examples (`soul_brain`, keyed by outcome sequence).
    brain: sled::Tree,
    counters: Arc<Mutex<Counters>>,
}

const COUNTERS_KEY: &[u8] = b"counters";

impl Store {
    /// Opens (or creates) the trees `soul_goals`, `soul_outcomes`, `soul_meta`, `soul_memory`
    /// and `soul_drafts` in `db`.
    pub fn open(db: &sled::Db) -> Result<Store, StoreError> {
        let meta = db.open_tree("soul_meta")?;
        let counters = match meta.get(COUNTERS_KEY)? {
            Some(bytes) => serde_json::from_slice(&bytes)?,
            None => Counters::default(),
        };
        Ok(Store {
            goals: db.open_tree("soul_goals")?,
            outcomes: db.open_tree("soul_outcomes")?,
            meta,
            memory: db.open_tree("soul_memory")?,
            drafts: db.open_tree("soul_drafts")?,
            brain: db.open_tree("soul_brain")?,
            counters: Arc::new(Mutex::new(counters)),
        })
    }

    /// A copy of the counters.
    pub fn counters(&self) -> Counters {
        self.counters.lock().expect("counters lock").clone()
    }

    /// Changes the counters with `f` and persists them.
    pub fn count(&self, f: impl FnOnce(&mut Counters)) -> Result<(), StoreError> {
        let bytes = {
            let mut c = self.counters.lock().expect("counters lock");
            f(&mut c);
            serde_json::to_vec(&*c)?
        };
        self.meta.insert(COUNTERS_KEY, bytes)?;
        Ok(())
    }

    /// A fresh goal id.
    pub fn next_goal_id(&self) -> Result<GoalId, StoreError> {
        let mut id = 0;
        self.count(|c| {
            c.next_goal += 1;
            id = c.next_goal;
            c.goals_formed += 1;
        })?;
        Ok(GoalId(id))
    }

    /// Saves `goal`; prunes the oldest finished goals past [`MAX_FINISHED_GOALS`].
    pub fn save_goal(&self, goal: &Goal) -> Result<(), StoreError> {
        self.goals
            .insert(goal.id.0.to_be_bytes(), serde_json::to_vec(goal)?)?;
        if goal.status != GoalStatus::Active {
            let finished: Vec<GoalId> = self
                .goals()?
                .into_iter()
                .filter(|g| g.status != GoalStatus::Active)
                .map(|g| g.id)
                .collect();
            for id in finished
                .iter()
                .take(finished.len().saturating_sub(MAX_FINISHED_GOALS))
            {
                self.goals.remove(id.0.to_be_bytes())?;
            }
        }
        Ok(())
    }

    /// Every stored goal, oldest first (unreadable records are skipped and logged).
    pub fn goals(&self) -> Result<Vec<Goal>, StoreError> {
        let mut out = Vec::new();
        for entry in self.goals.iter() {
            let (_, bytes) = entry?;
            match serde_json::from_slice(&bytes) {
                Ok(g) => out.push(g),
                Err(e) => tracing::warn!(error = %e, "stored goal unreadable; skipped"),
            }
        }
        Ok(out)
    }

    /// Records `outcome` (its `seq` is assigned here) and updates the counters; prunes the
    /// oldest outcomes past [`MAX_OUTCOMES`].
    pub fn record(&self, mut outcome: StepOutcome) -> Result<StepOutcome, StoreError> {
        let ok = outcome.class == crate::types::OutcomeClass::Ok;
        let spent = outcome.spent_micros;
        self.count(|c| {
            outcome.seq = c.next_seq;
            c.next_seq += 1;
            c.outcomes_total += 1;
            c.outcomes_ok += u64::from(ok);
            c.spent_micros = c.spent_micros.saturating_add(spent);
        })?;
        self.outcomes
            .insert(outcome.seq.to_be_bytes(), serde_json::to_vec(&outcome)?)?;
        while self.outcomes.len() > MAX_OUTCOMES {
            match self.outcomes.pop_min()? {
                Some(_) => {}
                None => break,
            }
        }
        Ok(outcome)
    }

    /// The latest `n` outcomes, oldest first.
    pub fn recent_outcomes(&self, n: usize) -> Result<Vec<StepOutcome>, StoreError> {
        let mut out = Vec::new();
        for entry in self.outcomes.iter().rev().take(n) {
            let (_, bytes) = entry?;
            if let Ok(o) = serde_json::from_slice(&bytes) {
                out.push(o);
            }
        }
        out.reverse();
        Ok(out)
    }

    /// Stores `value` under `key` in memory (bounded: a new key past [`MAX_MEMORY`] is refused).
    pub fn remember(&self, key: &str, value: &serde_json::Value) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec(value)?;
        if key.is_empty() || key.len() > MAX_MEMORY_KEY {
            return Err(StoreError::Full(format!(
                "memory keys are 1 to {MAX_MEMORY_KEY} bytes"
            )));
        }
        if bytes.len() > MAX_MEMORY_VALUE {
            return Err(StoreError::Full(format!(
                "memory values are at most {MAX_MEMORY_VALUE} bytes of JSON"
            )));
        }
        if !self.memory.contains_key(key)? && self.memory.len() >= MAX_MEMORY {
            return Err(StoreError::Full(format!(
                "memory holds {MAX_MEMORY} entries; overwrite one"
            )));
        }
        self.memory.insert(key, bytes)?;
        Ok(())
    }

    /// What memory holds under `key`.
    pub fn recall(&self, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
        Ok(match self.memory.get(key)? {
            Some(b) => Some(serde_json::from_slice(&b)?),
            None => None,
        })
    }

    /// Number of memory keys starting with `prefix`.
    pub fn memory_count(&self, prefix: &str) -> usize {
        self.memory.scan_prefix(prefix).count()
    }

    /// Number of memory entries.
    pub fn memory_len(&self) -> usize {
        self.memory.len()
    }

    /// Saves a cartridge draft (bounded in number and size; a new draft past [`MAX_DRAFTS`]
    /// evicts the oldest-named one).
    pub fn save_draft(&self, name: &str, source: &str) -> Result<(), StoreError> {
        if source.len() > MAX_DRAFT_BYTES {
            return Err(StoreError::Full(format!(
                "drafts are at most {MAX_DRAFT_BYTES} bytes"
            )));
        }
        if !self.drafts.contains_key(name)? && self.drafts.len() >= MAX_DRAFTS {
            self.drafts.pop_min()?;
        }
        self.drafts.insert(name, source.as_bytes())?;
        Ok(())
    }

    /// The draft named `name`.
    pub fn draft(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .drafts
            .get(name)?
            .map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// Number of drafts.
    pub fn drafts_len(&self) -> usize {
        self.drafts.len()
    }

    /// The JSON value stored under `key` in `soul_meta` (the learning systems' states).
    pub fn meta_json<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        Ok(match self.meta.get(key)? {
            Some(b) => Some(serde_json::from_slice(&b)?),
            None => None,
        })
    }

    /// Records the brain's example of step `seq`; keeps the last `max`.
    pub fn record_example(
        &self,
        seq: u64,
        example: &x402_model::brain::BrainExample,
        max: usize,
    ) -> Result<(), StoreError> {
        self.brain
            .insert(seq.to_be_bytes(), serde_json::to_vec(example)?)?;
        while self.brain.len() > max {
            if self.brain.pop_min()?.is_none() {
                break;
            }
        }
        Ok(())
    }

    /// The brain's recorded examples, oldest first (unreadable ones skipped).
    pub fn examples(&self) -> Vec<x402_model::brain::BrainExample> {
        self.brain
            .iter()
            .filter_map(|e| e.ok())
            .filter_map(|(_, v)| serde_json::from_slice(&v).ok())
            .collect()
    }

    /// Number of recorded brain examples.
    pub fn examples_len(&self) -> usize {
        self.brain.len()
    }

    /// Stores `value` as JSON under `key` in `soul_meta`.
    pub fn set_meta_json<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        self.meta.insert(key, serde_json::to_vec(value)?)?;
        Ok(())
    }

    /// Flushes every tree to disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        for t in [
            &self.goals,
            &self.outcomes,
            &self.meta,
            &self.memory,
            &self.drafts,
            &self.brain,
        ] {
            t.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{OutcomeClass, ToolName};

    fn outcome(goal: u64) -> StepOutcome {
        StepOutcome {
            seq: 0,
            goal: GoalId(goal),
            step: 0,
            tool: ToolName::parse("remember").unwrap(),
            class: OutcomeClass::Ok,
            detail: String::new(),
            duration_ms: 1,
            spent_micros: 2,
            predicted: 0.5,
            at_ms: 0,
        }
    }

    #[test]
    fn outcomes_are_bounded_and_totals_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let db = x402_payments::store::open_db(dir.path()).unwrap();
            let store = Store::open(&db).unwrap();
            for i in 0..(MAX_OUTCOMES as u64 + 20) {
                store.record(outcome(i)).unwrap();
            }
            assert_eq!(store.recent_outcomes(10_000).unwrap().len(), MAX_OUTCOMES);
            store.flush().unwrap();
        }
        let db = x402_payments::store::open_db(dir.path()).unwrap();
        let store = Store::open(&db).unwrap();
        let c = store.counters();
        assert_eq!(c.outcomes_total, MAX_OUTCOMES as u64 + 20);
        assert_eq!(c.spent_micros, 2 * (MAX_OUTCOMES as u64 + 20));
        let recent = store.recent_outcomes(1).unwrap();
        assert_eq!(recent[0].seq, MAX_OUTCOMES as u64 + 19);
    }

    #[test]
    fn memory_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let db = x402_payments::store::open_db(dir.path()).unwrap();
        let store = Store::open(&db).unwrap();
        for i in 0..MAX_MEMORY {
            store
                .remember(&format!("k{i}"), &serde_json::json!(i))
                .unwrap();
        }
        assert!(matches!(
            store.remember("one-more", &serde_json::json!(1)),
            Err(StoreError::Full(_))
        ));
        store.remember("k0", &serde_json::json!("again")).unwrap();
        assert_eq!(
            store.recall("k0").unwrap(),
            Some(serde_json::json!("again"))
        );
        let big = serde_json::json!("x".repeat(MAX_MEMORY_VALUE));
        assert!(store.remember("k1", &big).is_err());
    }
}
