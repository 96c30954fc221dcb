//! The cartridge corpus the soul deploys from (`training_data/cartridges/<tier>/<name>.rs`, see
//! training_data/README.md), and the smoke cases in a cartridge's `//! smoke:` header lines.
//! Without a corpus the soul falls back to the built-in template (`x402_cartridge::template`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use x402_cartridge::CartridgeRequest;

/// Corpus files read (the rest are ignored).
const MAX_FILES: usize = 512;
/// Largest corpus file read.
const MAX_FILE_BYTES: u64 = 64 * 1024;
/// Smoke cases run per draft.
pub const MAX_SMOKE: usize = 8;

/// Corpus cartridges by name (their paths; sources are read when used).
#[derive(Debug, Default)]
pub struct Corpus {
    files: BTreeMap<String, PathBuf>,
}

impl Corpus {
    /// Scans `dir` (`<tier>/<name>.rs`); a missing dir is an empty corpus. Interactive and
    /// composed cartridges are skipped (their smoke cases need frames or other cartridges).
    pub fn scan(dir: Option<&Path>) -> Corpus {
        let mut files = BTreeMap::new();
        let Some(dir) = dir else {
            return Corpus { files };
        };
        let Ok(tiers) = std::fs::read_dir(dir) else {
            return Corpus { files };
        };
        for tier in tiers.flatten() {
            let tier_name = tier.file_name().to_string_lossy().into_owned();
            if matches!(tier_name.as_str(), "interactive" | "composed") {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(tier.path()) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                let Some(name) = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .filter(|_| path.extension().is_some_and(|x| x == "rs"))
                else {
                    continue;
                };
                let small = e.metadata().is_ok_and(|m| m.len() <= MAX_FILE_BYTES);
                if small && x402_cartridge::valid_slug(name) && files.len() < MAX_FILES {
                    files.insert(name.to_string(), path.clone());
                }
            }
        }
        Corpus { files }
    }

    /// Names, sorted.
    pub fn names(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    /// The source of `name`.
    pub fn source(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.files.get(name)?).ok()
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

/// One smoke case: a request and what must come back.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Smoke {
    /// The request.
    #[serde(default)]
    pub request: SmokeRequest,
    /// Expected status.
    pub status: u16,
    /// Exact body.
    #[serde(default)]
    pub body: Option<String>,
    /// A pattern of the body (`*` matches any run).
    #[serde(default)]
    pub like: Option<String>,
}

/// A smoke request (fields default as training_data/README.md says).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SmokeRequest {
    /// Method.
    #[serde(default = "get")]
    pub method: String,
    /// Path below the cartridge.
    #[serde(default = "root")]
    pub path: String,
    /// Body.
    #[serde(default)]
    pub body: String,
    /// Headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

fn get() -> String {
    "GET".into()
}
fn root() -> String {
    "/".into()
}

impl Default for SmokeRequest {
    fn default() -> Self {
        SmokeRequest {
            method: get(),
            path: root(),
            body: String::new(),
            headers: BTreeMap::new(),
        }
    }
}

impl SmokeRequest {
    /// As the engine's request.
    pub fn to_request(&self) -> CartridgeRequest {
        CartridgeRequest {
            method: self.method.clone(),
            path: self.path.clone(),
            body: self.body.clone(),
            headers: self.headers.clone(),
            payment: None,
        }
    }
}

/// The smoke cases of `source` (request cases of `//! smoke:` lines, at most [`MAX_SMOKE`]);
/// none: `GET /` must answer 200.
pub fn smoke_cases(source: &str) -> Vec<Smoke> {
    let cases: Vec<Smoke> = source
        .lines()
        .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
        .filter_map(|l| l.strip_prefix("//!")?.trim().strip_prefix("smoke:"))
        .filter_map(|json| serde_json::from_str(json.trim()).ok())
        .take(MAX_SMOKE)
        .collect();
    if cases.is_empty() {
        vec![Smoke {
            request: SmokeRequest::default(),
            status: 200,
            body: None,
            like: None,
        }]
    } else {
        cases
    }
}

/// Whether `body` fits `pattern` (`*` matches any run of characters).
pub fn like(pattern: &str, body: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == body;
    }
    let mut rest = body;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoke_header_is_parsed() {
        let src = "//! Adds.\n//!\n//! smoke: {\"request\": {\"method\": \"POST\", \"path\": \"/add\", \"body\": \"1\"}, \"status\": 200, \"like\": \"{*}\"}\n//! smoke: not json\n#![no_std]\n//! smoke: {\"status\": 500}\n";
        let cases = smoke_cases(src);
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].request.method, "POST");
        assert_eq!(cases[0].like.as_deref(), Some("{*}"));
        assert_eq!(smoke_cases("fn x() {}")[0].status, 200);
        assert!(like("{*}", "{\"a\":1}"));
        assert!(like("a*c*e", "abcde"));
        assert!(!like("a*c", "abd"));
        assert!(!like("abc", "abcd"));
    }
}
