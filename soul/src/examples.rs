//! Example cartridges for the planner: the node's corpus (instruction and code of each
//! cartridge) and a deterministic retrieval of the ones most similar to a goal, by TF-IDF
//! cosine over lower-cased word tokens of the name and instruction. The LLM planner shows the
//! top matches as examples; the template planner deploys the best unserved match.

use std::collections::{BTreeMap, BTreeSet};

/// Most examples retrieved.
pub const MAX_EXAMPLES: usize = 3;
/// Most bytes of examples put into one prompt (instructions and code, cut per example).
pub const MAX_EXAMPLE_BYTES: usize = 6 * 1024;
/// Most examples kept.
const MAX_DOCS: usize = 512;

/// One example cartridge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Its slug (what `cartridge_write` with `from: corpus` takes).
    pub name: String,
    /// What it does (its header's instruction).
    pub instruction: String,
    /// Its source without the header.
    pub code: String,
}

/// The examples with their TF-IDF vectors.
#[derive(Debug, Default)]
pub struct Examples {
    docs: Vec<Example>,
    /// Per doc: token → weight, unit length.
    vectors: Vec<BTreeMap<String, f64>>,
    /// Token → inverse document frequency.
    idf: BTreeMap<String, f64>,
}

/// Words of a goal that say what to do, not what the cartridge is about ("deploy cartridge
/// foo and price it"), and the commonest English words: not indexed.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "build",
    "by",
    "cartridge",
    "cartridges",
    "create",
    "deploy",
    "for",
    "from",
    "in",
    "is",
    "it",
    "its",
    "make",
    "my",
    "new",
    "of",
    "on",
    "or",
    "please",
    "price",
    "priced",
    "the",
    "that",
    "this",
    "to",
    "with",
    "write",
];

/// Lower-cased word tokens (runs of ASCII letters and digits, two characters or more), stop
/// words left out.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 2)
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

fn counts(text: &str) -> BTreeMap<String, f64> {
    let mut m = BTreeMap::new();
    for t in tokens(text) {
        *m.entry(t).or_insert(0.0) += 1.0;
    }
    m
}

fn doc_text(e: &Example) -> String {
    format!("{} {}", e.name.replace('-', " "), e.instruction)
}

impl Examples {
    /// An index over `docs` (at most 512 kept, in the order given).
    pub fn new(mut docs: Vec<Example>) -> Examples {
        docs.truncate(MAX_DOCS);
        let tfs: Vec<BTreeMap<String, f64>> = docs.iter().map(|d| counts(&doc_text(d))).collect();
        let mut df: BTreeMap<String, f64> = BTreeMap::new();
        for tf in &tfs {
            for t in tf.keys() {
                *df.entry(t.clone()).or_insert(0.0) += 1.0;
            }
        }
        let n = docs.len() as f64;
        let idf: BTreeMap<String, f64> = df
            .into_iter()
            .map(|(t, d)| (t, (1.0 + n / d).ln()))
            .collect();
        let vectors = tfs.into_iter().map(|tf| unit(weigh(tf, &idf))).collect();
        Examples { docs, vectors, idf }
    }

    /// How many examples there are.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The example named `name`.
    pub fn get(&self, name: &str) -> Option<&Example> {
        self.docs.iter().find(|d| d.name == name)
    }

    /// The at most `k` (≤ [`MAX_EXAMPLES`]) examples most similar to `query` with their
    /// cosine similarity, best first; only examples sharing a word with the query, ties by
    /// name.
    pub fn similar(&self, query: &str, k: usize) -> Vec<(&Example, f64)> {
        let q = unit(weigh(counts(query), &self.idf));
        if q.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(&Example, f64)> = self
            .docs
            .iter()
            .zip(&self.vectors)
            .map(|(d, v)| {
                let s: f64 = q.iter().map(|(t, w)| w * v.get(t).unwrap_or(&0.0)).sum();
                (d, s)
            })
            .filter(|(_, s)| *s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        scored.truncate(k.min(MAX_EXAMPLES));
        scored
    }

    /// The best match for `query` among `names` that are not in `exclude`.
    pub fn best_among(
        &self,
        query: &str,
        names: &[String],
        exclude: &BTreeSet<&str>,
    ) -> Option<String> {
        let q = unit(weigh(counts(query), &self.idf));
        let mut best: Option<(&str, f64)> = None;
        for (d, v) in self.docs.iter().zip(&self.vectors) {
            if !names.contains(&d.name) || exclude.contains(d.name.as_str()) {
                continue;
            }
            let s: f64 = q.iter().map(|(t, w)| w * v.get(t).unwrap_or(&0.0)).sum();
            if s > 0.0 && best.is_none_or(|(n, b)| s > b || (s == b && d.name.as_str() < n)) {
                best = Some((d.name.as_str(), s));
            }
        }
        best.map(|(n, _)| n.to_string())
    }

    /// The examples for `query` as prompt text: instruction and code of each, at most
    /// [`MAX_EXAMPLE_BYTES`] in all; empty when none matches.
    pub fn prompt(&self, query: &str) -> String {
        let found = self.similar(query, MAX_EXAMPLES);
        if found.is_empty() {
            return String::new();
        }
        let per = MAX_EXAMPLE_BYTES / found.len();
        let mut out = String::new();
        for (e, _) in found {
            let head = format!(
                "Example cartridge {} (cartridge_write from corpus with draft {0}):\n{}\n",
                e.name, e.instruction
            );
            let text = format!("{head}```rust\n{}\n```\n", e.code.trim());
            out.push_str(&crate::types::cut(&text, per));
            out.push('\n');
        }
        crate::types::cut(&out, MAX_EXAMPLE_BYTES)
    }
}

fn weigh(tf: BTreeMap<String, f64>, idf: &BTreeMap<String, f64>) -> BTreeMap<String, f64> {
    tf.into_iter()
        .filter_map(|(t, c)| idf.get(&t).map(|i| (t, (1.0 + c.ln()) * i)))
        .collect()
}

fn unit(mut v: BTreeMap<String, f64>) -> BTreeMap<String, f64> {
    let norm = v.values().map(|w| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for w in v.values_mut() {
            *w /= norm;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(name: &str, instruction: &str) -> Example {
        Example {
            name: name.into(),
            instruction: instruction.into(),
            code: format!("// code of {name}\n"),
        }
    }

    fn index() -> Examples {
        Examples::new(vec![
            ex(
                "kv-store",
                "A key-value store: PUT /k/<key> stores a value.",
            ),
            ex(
                "leaderboard",
                "A game leaderboard: POST /score records a player's score and rank.",
            ),
            ex("visit-counter", "Counts visits: GET / answers the count."),
            ex("elo-ratings", "Elo ratings of players after each game."),
        ])
    }

    #[test]
    fn the_most_similar_cartridge_ranks_first_and_unrelated_ones_are_left_out() {
        let idx = index();
        let found = idx.similar("deploy a leaderboard of players' scores", 3);
        assert_eq!(found[0].0.name, "leaderboard");
        assert!(found.iter().all(|(e, _)| e.name != "kv-store"));
        assert!(idx.similar("xyzzy", 3).is_empty());
        // Only words about what the cartridge does count.
        assert!(
            idx.similar("deploy cartridge bench-1 and price it", 3)
                .is_empty()
        );
        assert!(idx.similar("", 3).is_empty());
        // k is capped.
        assert!(idx.similar("game players score visits key value", 10).len() <= MAX_EXAMPLES);
        // Deterministic: the same query gives the same order.
        let again = idx.similar("deploy a leaderboard of players' scores", 3);
        let names =
            |v: &[(&Example, f64)]| v.iter().map(|(e, _)| e.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&found), names(&again));
    }

    #[test]
    fn best_among_skips_served_names_and_the_prompt_is_bounded() {
        let idx = index();
        let names: Vec<String> = ["leaderboard", "elo-ratings", "kv-store"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let none = BTreeSet::new();
        assert_eq!(
            idx.best_among("a game leaderboard", &names, &none)
                .as_deref(),
            Some("leaderboard")
        );
        let served: BTreeSet<&str> = ["leaderboard"].into_iter().collect();
        assert_eq!(
            idx.best_among("a game leaderboard", &names, &served)
                .as_deref(),
            Some("elo-ratings")
        );
        assert_eq!(idx.best_among("xyzzy", &names, &none), None);

        let big = Examples::new(vec![Example {
            name: "leaderboard".into(),
            instruction: "leaderboard".into(),
            code: "x".repeat(100_000),
        }]);
        let p = big.prompt("leaderboard");
        assert!(p.len() <= MAX_EXAMPLE_BYTES, "{}", p.len());
        assert!(p.contains("Example cartridge leaderboard"));
        assert!(big.prompt("nothing matches").is_empty());
    }
}
