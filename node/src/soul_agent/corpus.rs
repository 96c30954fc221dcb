//! The cartridge corpus the soul deploys from (`training_data/cartridges/<tier>/<name>.rs`, read
//! by the cartridge crate's parser, [`x402_cartridge::corpus`], as `cartridge verify-corpus`
//! reads it), and the smoke cases of a draft. Without a corpus the soul falls back to the
//! built-in template (`x402_cartridge::template`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use x402_cartridge::corpus::{self as parser, Case, CaseRequest, CorpusFile, RequestCase};
use x402_soul::examples::{Example, Examples};

/// Corpus files kept (the rest are ignored).
const MAX_FILES: usize = 512;
/// Largest corpus file kept, bytes.
const MAX_FILE_BYTES: usize = 64 * 1024;
/// Smoke cases run per draft.
pub const MAX_SMOKE: usize = 8;
/// Tiers the soul skips: their cases need frames or other cartridges deployed first.
const SKIPPED_TIERS: &[&str] = &["interactive", "composed"];

/// Corpus cartridges by slug.
#[derive(Debug, Default)]
pub struct Corpus {
    files: BTreeMap<String, CorpusFile>,
}

impl Corpus {
    /// Reads `dir` with [`x402_cartridge::corpus::load`]; a missing or unreadable dir is an
    /// empty corpus, rejected files are skipped (logged). Interactive and composed cartridges
    /// are skipped.
    pub fn scan(dir: Option<&Path>) -> Corpus {
        let mut files = BTreeMap::new();
        let Some(dir) = dir else {
            return Corpus { files };
        };
        let loaded = match parser::load(dir) {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "soul corpus unreadable");
                return Corpus { files };
            }
        };
        if !loaded.errors.is_empty() {
            tracing::warn!(
                rejected = loaded.errors.len(),
                first = %loaded.errors[0],
                "soul corpus: files skipped"
            );
        }
        for f in loaded.files {
            if SKIPPED_TIERS.contains(&f.tier.as_str())
                || f.source.len() > MAX_FILE_BYTES
                || !x402_cartridge::valid_slug(&f.slug)
                || files.len() >= MAX_FILES
            {
                continue;
            }
            files.insert(f.slug.clone(), f);
        }
        Corpus { files }
    }

    /// Names, sorted.
    pub fn names(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    /// The source of `name`.
    pub fn source(&self, name: &str) -> Option<String> {
        self.files.get(name).map(|f| f.source.clone())
    }

    /// The planner's examples: each cartridge's slug, instruction and code.
    pub fn examples(&self) -> Examples {
        Examples::new(
            self.files
                .values()
                .map(|f| Example {
                    name: f.slug.clone(),
                    instruction: f.instruction.clone(),
                    code: f.code().to_string(),
                })
                .collect(),
        )
    }
}

/// The corpus dir: `flag`, else `training_data/cartridges` when it exists.
pub fn default_dir(flag: Option<&Path>) -> Option<PathBuf> {
    match flag {
        Some(p) => Some(p.to_path_buf()),
        None => {
            let p = PathBuf::from("training_data/cartridges");
            p.is_dir().then_some(p)
        }
    }
}

/// The request smoke cases of a draft's `//!` header (at most [`MAX_SMOKE`]); a draft without
/// a valid header (or with none of them) must answer `GET /` with 200.
pub fn smoke_cases(draft: &str, source: &str) -> Vec<RequestCase> {
    let cases: Vec<RequestCase> = parser::parse_header(Path::new(draft), source)
        .map(|h| h.cases)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| match c.case {
            Case::Request(r) => Some(*r),
            Case::Frame(_) => None,
        })
        .take(MAX_SMOKE)
        .collect();
    if cases.is_empty() {
        vec![RequestCase {
            request: CaseRequest::default(),
            status: 200,
            body: None,
            like: None,
            content_type: None,
        }]
    } else {
        cases
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoke_cases_come_from_the_cartridge_crates_parser() {
        let src = "//! Adds.\n//!\n//! smoke: {\"request\": {\"method\": \"POST\", \"path\": \"/add\", \"body\": \"1\"}, \"status\": 200, \"like\": \"{*}\"}\n#![no_std]\n";
        let cases = smoke_cases("adder", src);
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].request.method, "POST");
        assert_eq!(cases[0].like.as_deref(), Some("{*}"));
        // No header, or a bad one: GET / must answer 200.
        for bad in ["fn x() {}", "//! Adds.\n//! smoke: not json\n"] {
            let c = smoke_cases("x", bad);
            assert_eq!((c.len(), c[0].status), (1, 200), "{bad}");
            assert_eq!(c[0].request.path, "/");
        }
    }

    #[test]
    fn the_real_corpus_loads_and_a_leaderboard_goal_retrieves_the_leaderboard() {
        let corpus = Corpus::scan(Some(Path::new("../training_data/cartridges")));
        let names = corpus.names();
        assert!(names.contains(&"leaderboard".to_string()), "{names:?}");
        // Interactive and composed tiers are skipped.
        assert!(!names.contains(&"bouncing-ball".to_string()));
        assert!(!names.contains(&"text-pipeline".to_string()));
        let examples = corpus.examples();
        let found = examples.similar("deploy a leaderboard for my game", 3);
        assert_eq!(
            found[0].0.name,
            "leaderboard",
            "{:?}",
            found.iter().map(|f| &f.0.name).collect::<Vec<_>>()
        );
        let prompt = examples.prompt("deploy a leaderboard for my game");
        assert!(prompt.starts_with("Example cartridge leaderboard"));
        assert!(prompt.len() <= x402_soul::examples::MAX_EXAMPLE_BYTES);
        assert!(
            Corpus::scan(Some(Path::new("/nonexistent")))
                .names()
                .is_empty()
        );
    }
}
