//! The training corpus of verified cartridges (`training_data/cartridges/<tier>/<name>.rs`,
//! format in `training_data/README.md`): reading the files, their header (instruction and
//! smoke cases), and checking a response or a frame against a case.
//!
//! [`load`] reads a corpus folder into [`CorpusFile`]s, and reports every file it cannot accept
//! as a [`CorpusError`] naming the file (and the line) without stopping at the first one.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::abi::{CartridgeRequest, CartridgeResponse, PaymentInfo};
use crate::exec::Frame;

/// The tiers of the corpus, in the order they are verified (a composed cartridge's callees are
/// deployed before any case runs, whatever their tier).
pub const TIERS: &[&str] = &[
    "small",
    "stateful",
    "paid",
    "composed",
    "interactive",
    "cognitive",
];

/// Prefix of a smoke-case line's text (after `//!` and one space).
const SMOKE: &str = "smoke:";

/// One cartridge of the corpus.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    /// The file.
    pub path: PathBuf,
    /// Its tier (the parent folder's name).
    pub tier: String,
    /// Its slug (the file stem).
    pub slug: String,
    /// The instruction: the header's lines before the first smoke case, trimmed of leading
    /// and trailing blank lines.
    pub instruction: String,
    /// The smoke cases, in file order.
    pub cases: Vec<SmokeCase>,
    /// The whole file (the cartridge's `lib.rs`).
    pub source: String,
    /// Byte offset in `source` where the code after the `//!` header starts.
    pub code_start: usize,
}

impl CorpusFile {
    /// `<tier>/<slug>`, as printed by the verifier.
    pub fn name(&self) -> String {
        format!("{}/{}", self.tier, self.slug)
    }

    /// The source without its `//!` header: what the model learns to write for the
    /// instruction.
    pub fn code(&self) -> &str {
        &self.source[self.code_start..]
    }
}

/// A smoke case and the line it is on (1-based).
#[derive(Debug, Clone)]
pub struct SmokeCase {
    /// Line of the `//! smoke:` line.
    pub line: usize,
    /// The case.
    pub case: Case,
}

/// A smoke case: a request and its expected response, or a frame and its expected pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum Case {
    /// Run a request through `x402_handle`.
    Request(Box<RequestCase>),
    /// Render a frame of an interactive cartridge.
    Frame(FrameCase),
}

/// A request case (`{"request": {…}, "status": 200, "body": …}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestCase {
    /// The request; every field has a default.
    pub request: CaseRequest,
    /// Expected status.
    pub status: u16,
    /// Expected body, exactly.
    #[serde(default)]
    pub body: Option<String>,
    /// Expected body as a pattern: `*` matches any run of characters.
    #[serde(default)]
    pub like: Option<String>,
    /// Expected content type, exactly.
    #[serde(default)]
    pub content_type: Option<String>,
}

/// The request of a case. Defaults: `GET /`, empty body, no headers, no payment.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CaseRequest {
    /// HTTP method.
    pub method: String,
    /// Path with query.
    pub path: String,
    /// Body text.
    pub body: String,
    /// Headers (lower-case names).
    pub headers: BTreeMap<String, String>,
    /// What `payment_info()` returns (`null`: unpaid).
    pub payment: Option<PaymentInfo>,
}

impl Default for CaseRequest {
    fn default() -> Self {
        CaseRequest {
            method: "GET".into(),
            path: "/".into(),
            body: String::new(),
            headers: BTreeMap::new(),
            payment: None,
        }
    }
}

impl CaseRequest {
    /// The request document the cartridge receives.
    pub fn to_request(&self) -> CartridgeRequest {
        CartridgeRequest {
            method: self.method.clone(),
            path: self.path.clone(),
            body: self.body.clone(),
            headers: self.headers.clone(),
            payment: self.payment.clone(),
        }
    }
}

/// A frame case (`{"frame": {"ticks": 3}, "width": 64, "pixels": [[0, 0, "ff0000ff"]]}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameCase {
    /// How to render.
    pub frame: FrameSpec,
    /// Expected width.
    #[serde(default)]
    pub width: Option<u32>,
    /// Expected height.
    #[serde(default)]
    pub height: Option<u32>,
    /// Expected pixels `[x, y, "rrggbbaa"]`.
    #[serde(default)]
    pub pixels: Vec<(u32, u32, String)>,
}

/// How a frame case renders.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameSpec {
    /// Ticks before the framebuffer is read.
    pub ticks: u32,
}

/// Why a corpus file (or the corpus folder) is not accepted.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file or folder could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// What could not be read.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file is not at `<tier>/<name>.rs` with a known tier.
    #[error("{}: not a corpus file: {why}", path.display())]
    Layout {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// The file name is not a valid slug.
    #[error("{}: invalid slug {slug:?}: use 1-64 characters from [a-z0-9-]", path.display())]
    BadSlug {
        /// The file.
        path: PathBuf,
        /// The stem.
        slug: String,
    },
    /// The cognitive prefix and the tier disagree.
    #[error("{}: {why}", path.display())]
    Cognitive {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// Two files have the same slug.
    #[error("{}: duplicate slug {slug:?} (also {})", path.display(), first.display())]
    DuplicateSlug {
        /// The later file.
        path: PathBuf,
        /// The slug.
        slug: String,
        /// The file that has it first.
        first: PathBuf,
    },
    /// The header has no instruction before the first smoke case.
    #[error("{}:1: no instruction: the file must start with `//!` lines saying what the cartridge does", path.display())]
    NoInstruction {
        /// The file.
        path: PathBuf,
    },
    /// The header has no `//! smoke:` line.
    #[error("{}: no smoke case: add at least one `//! smoke: {{…}}` line to the `//!` header", path.display())]
    NoSmokeCase {
        /// The file.
        path: PathBuf,
    },
    /// A smoke line is not a valid case.
    #[error("{}:{line}: bad smoke case: {why}", path.display())]
    BadCase {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        why: String,
        /// The JSON error, if that is what is wrong.
        #[source]
        source: Option<serde_json::Error>,
    },
    /// A `//!` line after the first smoke case is neither a smoke case nor blank.
    #[error("{}:{line}: only `//! smoke:` lines may follow the first smoke case", path.display())]
    TextAfterCases {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
    },
}

impl CorpusError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            CorpusError::Io { path, .. }
            | CorpusError::Layout { path, .. }
            | CorpusError::BadSlug { path, .. }
            | CorpusError::Cognitive { path, .. }
            | CorpusError::DuplicateSlug { path, .. }
            | CorpusError::NoInstruction { path }
            | CorpusError::NoSmokeCase { path }
            | CorpusError::BadCase { path, .. }
            | CorpusError::TextAfterCases { path, .. } => path,
        }
    }
}

/// Corpus slugs: 1-64 characters from `[a-z0-9-]`.
pub fn valid_corpus_slug(slug: &str) -> bool {
    (1..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Everything [`load`] read from a corpus folder.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Accepted files, sorted by tier (in [`TIERS`] order) then slug.
    pub files: Vec<CorpusFile>,
    /// Rejected files, in path order.
    pub errors: Vec<CorpusError>,
}

/// Reads every `<tier>/<name>.rs` under `dir`. Files elsewhere with the `.rs` extension, or in
/// an unknown tier, are errors; other files (README.md) are ignored. Only an unreadable `dir`
/// fails the whole call.
pub fn load(dir: &Path) -> Result<Corpus, CorpusError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CorpusError::Io { path, source }
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        if path.is_dir() {
            for inner in std::fs::read_dir(&path).map_err(io(&path))? {
                let inner = inner.map_err(io(&path))?.path();
                if inner.is_dir() || inner.extension().is_some_and(|e| e == "rs") {
                    paths.push(inner);
                }
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            paths.push(path);
        }
    }
    paths.sort();
    let mut corpus = Corpus::default();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for path in paths {
        match read_file(dir, &path) {
            Ok(file) => {
                if let Some(first) = seen.get(&file.slug) {
                    corpus.errors.push(CorpusError::DuplicateSlug {
                        path,
                        slug: file.slug,
                        first: first.clone(),
                    });
                } else {
                    seen.insert(file.slug.clone(), path);
                    corpus.files.push(file);
                }
            }
            Err(e) => corpus.errors.push(e),
        }
    }
    let tier_rank = |t: &str| TIERS.iter().position(|x| *x == t).unwrap_or(TIERS.len());
    corpus
        .files
        .sort_by(|a, b| (tier_rank(&a.tier), &a.slug).cmp(&(tier_rank(&b.tier), &b.slug)));
    Ok(corpus)
}

/// Reads one corpus file at `path` (under `root`).
pub fn read_file(root: &Path, path: &Path) -> Result<CorpusFile, CorpusError> {
    let layout = |why: &str| CorpusError::Layout {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative.components().collect();
    if parts.len() != 2 || path.is_dir() {
        return Err(layout("corpus files are <tier>/<name>.rs, one folder deep"));
    }
    let tier = parts[0].as_os_str().to_string_lossy().into_owned();
    if !TIERS.contains(&tier.as_str()) {
        return Err(layout(&format!(
            "unknown tier {tier:?} (tiers: {})",
            TIERS.join(", ")
        )));
    }
    if path.extension().is_none_or(|e| e != "rs") {
        return Err(layout("corpus files end in .rs"));
    }
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !valid_corpus_slug(&slug) {
        return Err(CorpusError::BadSlug {
            path: path.to_path_buf(),
            slug,
        });
    }
    let cognitive_slug = slug.starts_with(crate::COGNITIVE_PREFIX);
    if cognitive_slug != (tier == "cognitive") {
        return Err(CorpusError::Cognitive {
            path: path.to_path_buf(),
            why: format!(
                "slugs starting with {:?} belong in cognitive/, and only they",
                crate::COGNITIVE_PREFIX
            ),
        });
    }
    let source = std::fs::read_to_string(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let header = parse_header(path, &source)?;
    Ok(CorpusFile {
        path: path.to_path_buf(),
        tier,
        slug,
        instruction: header.instruction,
        cases: header.cases,
        code_start: header.code_start,
        source,
    })
}

/// A parsed `//!` header.
#[derive(Debug)]
pub struct Header {
    /// The instruction.
    pub instruction: String,
    /// The smoke cases.
    pub cases: Vec<SmokeCase>,
    /// Byte offset where the header ends.
    pub code_start: usize,
}

/// Parses the leading `//!` lines of `source` (`path` names the file in errors).
pub fn parse_header(path: &Path, source: &str) -> Result<Header, CorpusError> {
    let mut instruction: Vec<&str> = Vec::new();
    let mut cases = Vec::new();
    let mut code_start = 0;
    for (index, raw) in source.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let Some(text) = line.strip_prefix("//!") else {
            break;
        };
        code_start += raw.len();
        let text = text.strip_prefix(' ').unwrap_or(text);
        let number = index + 1;
        if let Some(json) = text.strip_prefix(SMOKE) {
            cases.push(SmokeCase {
                line: number,
                case: parse_case(path, number, json.trim())?,
            });
        } else if !cases.is_empty() {
            if !text.trim().is_empty() {
                return Err(CorpusError::TextAfterCases {
                    path: path.to_path_buf(),
                    line: number,
                });
            }
        } else {
            instruction.push(text.trim_end());
        }
    }
    let instruction = instruction.join("\n").trim_matches('\n').to_string();
    if instruction.trim().is_empty() {
        return Err(CorpusError::NoInstruction {
            path: path.to_path_buf(),
        });
    }
    if cases.is_empty() {
        return Err(CorpusError::NoSmokeCase {
            path: path.to_path_buf(),
        });
    }
    Ok(Header {
        instruction,
        cases,
        code_start,
    })
}

/// Parses one case's JSON.
pub fn parse_case(path: &Path, line: usize, json: &str) -> Result<Case, CorpusError> {
    let bad = |why: String, source: Option<serde_json::Error>| CorpusError::BadCase {
        path: path.to_path_buf(),
        line,
        why,
        source,
    };
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| bad(format!("not valid JSON: {e}"), Some(e)))?;
    let Some(object) = value.as_object() else {
        return Err(bad("a case is a JSON object".into(), None));
    };
    match (object.contains_key("request"), object.contains_key("frame")) {
        (true, false) => {
            let case: RequestCase = serde_json::from_value(value)
                .map_err(|e| bad(format!("request case: {e}"), Some(e)))?;
            if case.body.is_some() && case.like.is_some() {
                return Err(bad("give at most one of `body` and `like`".into(), None));
            }
            Ok(Case::Request(Box::new(case)))
        }
        (false, true) => {
            let case: FrameCase = serde_json::from_value(value)
                .map_err(|e| bad(format!("frame case: {e}"), Some(e)))?;
            for (_, _, rgba) in &case.pixels {
                if parse_rgba(rgba).is_none() {
                    return Err(bad(
                        format!("pixel colour {rgba:?} is not \"rrggbbaa\" (8 hex digits)"),
                        None,
                    ));
                }
            }
            Ok(Case::Frame(case))
        }
        _ => Err(bad(
            "a case has exactly one of `request` or `frame`".into(),
            None,
        )),
    }
}

/// `"rrggbbaa"` as bytes.
pub fn parse_rgba(text: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters (empty included)
/// and every other character matches itself.
pub fn like(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    // Position of the last `*` seen and the text position it is currently matched up to.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Longest body quoted in a mismatch.
const QUOTE: usize = 200;

fn quote(text: &str) -> String {
    if text.len() <= QUOTE {
        return format!("{text:?}");
    }
    let mut cut = QUOTE;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{:?}…", &text[..cut])
}

/// Checks a response against a request case; `Err` says what differs.
pub fn check_response(case: &RequestCase, response: &CartridgeResponse) -> Result<(), String> {
    let body = String::from_utf8_lossy(&response.body);
    if response.status != case.status {
        return Err(format!(
            "status {}, expected {}; body: {}",
            response.status,
            case.status,
            quote(&body)
        ));
    }
    if let Some(expected) = &case.body
        && body != *expected
    {
        return Err(format!(
            "body {}, expected {}",
            quote(&body),
            quote(expected)
        ));
    }
    if let Some(pattern) = &case.like
        && !like(pattern, &body)
    {
        return Err(format!(
            "body {} is not like {}",
            quote(&body),
            quote(pattern)
        ));
    }
    if let Some(expected) = &case.content_type
        && response.content_type != *expected
    {
        return Err(format!(
            "content type {:?}, expected {expected:?}",
            response.content_type
        ));
    }
    Ok(())
}

/// Checks a rendered frame against a frame case; `Err` says what differs.
pub fn check_frame(case: &FrameCase, frame: &Frame) -> Result<(), String> {
    if let Some(w) = case.width
        && frame.width != w
    {
        return Err(format!("width {}, expected {w}", frame.width));
    }
    if let Some(h) = case.height
        && frame.height != h
    {
        return Err(format!("height {}, expected {h}", frame.height));
    }
    for (x, y, rgba) in &case.pixels {
        let expected = parse_rgba(rgba).ok_or_else(|| format!("bad colour {rgba:?}"))?;
        if *x >= frame.width || *y >= frame.height {
            return Err(format!(
                "pixel ({x}, {y}) is outside the {}x{} frame",
                frame.width, frame.height
            ));
        }
        let at = ((*y as usize) * frame.width as usize + *x as usize) * 4;
        let got = frame
            .rgba
            .get(at..at + 4)
            .ok_or_else(|| format!("pixel ({x}, {y}) is outside the framebuffer"))?;
        if got != expected {
            return Err(format!(
                "pixel ({x}, {y}) is {}, expected {}",
                hex::encode(got),
                rgba.to_ascii_lowercase()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
