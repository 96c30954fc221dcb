//! Problems: one folder per problem holding `problem.md` (a `slug:` / `tier:` / `title:` header, a
//! `---` line, then markdown instructions), `starter.rs`, `tests.rs` and `solution.rs`.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Longest accepted slug.
pub const MAX_SLUG_LEN: usize = 64;
/// Fewest `#[test]` functions a problem's `tests.rs` must hold.
pub const MIN_TESTS: usize = 4;
/// Largest accepted problem file, bytes.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// A problem's identifier: lowercase ASCII letters, digits and single dashes, starting with a
/// letter, at most [`MAX_SLUG_LEN`] bytes. Also its folder name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Why a string is not a [`Slug`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    /// Empty or longer than [`MAX_SLUG_LEN`].
    #[error("a slug has 1 to {MAX_SLUG_LEN} bytes, got {0}")]
    Length(usize),
    /// A character outside `a-z`, `0-9`, `-`.
    #[error("a slug holds only a-z, 0-9 and '-', got {0:?}")]
    Char(char),
    /// Does not start with a letter, ends with a dash or has two dashes in a row.
    #[error("a slug starts with a letter and has no leading, trailing or double '-'")]
    Shape,
}

impl Slug {
    /// Parses and validates a slug.
    pub fn parse(s: &str) -> Result<Self, SlugError> {
        if s.is_empty() || s.len() > MAX_SLUG_LEN {
            return Err(SlugError::Length(s.len()));
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(SlugError::Char(c));
        }
        if !s.starts_with(|c: char| c.is_ascii_lowercase()) || s.ends_with('-') || s.contains("--")
        {
            return Err(SlugError::Shape);
        }
        Ok(Self(s.to_owned()))
    }

    /// The slug as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(s: String) -> Result<Self, SlugError> {
        Self::parse(&s)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

/// Difficulty tier, 1 (easiest) to 6; a passed problem scores [`Tier::weight`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Tier(u8);

/// A tier outside 1..=6.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a tier is 1 to 6, got {0:?}")]
pub struct TierError(pub String);

impl Tier {
    /// Every tier, easiest first.
    pub const ALL: [Tier; 6] = [Tier(1), Tier(2), Tier(3), Tier(4), Tier(5), Tier(6)];

    /// A tier from its number.
    pub fn new(n: u8) -> Result<Self, TierError> {
        if (1..=6).contains(&n) {
            Ok(Self(n))
        } else {
            Err(TierError(n.to_string()))
        }
    }

    /// Parses `"1"` to `"6"`.
    pub fn parse(s: &str) -> Result<Self, TierError> {
        s.parse::<u8>()
            .ok()
            .and_then(|n| Self::new(n).ok())
            .ok_or_else(|| TierError(s.to_owned()))
    }

    /// The tier's number, 1..=6.
    pub fn number(self) -> u8 {
        self.0
    }

    /// Score weight: 1, 2, 3, 4, 5, 8 for tiers 1..=6.
    pub fn weight(self) -> u32 {
        [1, 2, 3, 4, 5, 8][usize::from(self.0 - 1)]
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl TryFrom<u8> for Tier {
    type Error = TierError;
    fn try_from(n: u8) -> Result<Self, TierError> {
        Self::new(n)
    }
}

impl From<Tier> for u8 {
    fn from(t: Tier) -> u8 {
        t.0
    }
}

/// One problem, loaded.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Identifier and folder name.
    pub slug: Slug,
    /// Difficulty.
    pub tier: Tier,
    /// One-line title.
    pub title: String,
    /// Markdown instructions (the part of `problem.md` after `---`).
    pub instructions: String,
    /// `starter.rs`: the public API with `todo!()` bodies; compiles, fails the tests.
    pub starter: String,
    /// `tests.rs`: the hidden integration tests (`use solution::*;`).
    pub tests: String,
    /// `solution.rs`: the reference solution; passes the tests.
    pub solution: String,
}

/// The header and instructions of a `problem.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemMd {
    /// `slug:` line.
    pub slug: Slug,
    /// `tier:` line.
    pub tier: Tier,
    /// `title:` line.
    pub title: String,
    /// Everything after the `---` line.
    pub instructions: String,
}

/// Why a `problem.md` does not parse.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// No `---` line ends the header.
    #[error("no `---` line after the header")]
    NoSeparator,
    /// A header line is not `key: value`.
    #[error("header line {0:?} is not `key: value`")]
    BadLine(String),
    /// A header key other than slug, tier, title.
    #[error("unknown header key {0:?} (expected slug, tier, title)")]
    UnknownKey(String),
    /// A key given twice.
    #[error("header key {0:?} given twice")]
    Duplicate(&'static str),
    /// A required key is missing or empty.
    #[error("header key {0:?} missing or empty")]
    Missing(&'static str),
    /// The `slug:` value is invalid.
    #[error("bad slug")]
    Slug(#[source] SlugError),
    /// The `tier:` value is invalid.
    #[error("bad tier")]
    Tier(#[source] TierError),
}

/// Why a problem folder does not load.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A folder or file could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file is larger than [`MAX_FILE_BYTES`].
    #[error("{path} is larger than {MAX_FILE_BYTES} bytes")]
    TooLarge {
        /// The path.
        path: PathBuf,
    },
    /// `problem.md` does not parse.
    #[error("{path}")]
    Parse {
        /// The `problem.md` path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: ParseError,
    },
    /// The folder name is not a valid slug.
    #[error("folder {path} is not named by a valid slug")]
    FolderName {
        /// The folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: SlugError,
    },
    /// The `slug:` line differs from the folder name.
    #[error("{path}: slug {slug:?} differs from the folder name")]
    SlugMismatch {
        /// The folder.
        path: PathBuf,
        /// The slug in `problem.md`.
        slug: Slug,
    },
    /// Two problems share a slug.
    #[error("slug {0} used by two problems")]
    DuplicateSlug(Slug),
    /// `tests.rs` has fewer than [`MIN_TESTS`] `#[test]` functions.
    #[error("{slug}: {found} #[test] functions, at least {MIN_TESTS} required")]
    TooFewTests {
        /// The problem.
        slug: Slug,
        /// `#[test]` attributes found.
        found: usize,
    },
}

/// Parses a `problem.md`.
pub fn parse_problem_md(text: &str) -> Result<ProblemMd, ParseError> {
    let (mut slug, mut tier, mut title) = (None, None, None);
    let mut lines = text.split_inclusive('\n');
    let mut consumed = 0;
    let mut separated = false;
    for line in lines.by_ref() {
        consumed += line.len();
        let trimmed = line.trim_end();
        if trimmed == "---" {
            separated = true;
            break;
        }
        if trimmed.trim().is_empty() {
            continue;
        }
        let (key, value) = trimmed
            .split_once(':')
            .ok_or_else(|| ParseError::BadLine(trimmed.to_owned()))?;
        let value = value.trim();
        let (slot, name): (&mut Option<String>, &'static str) = match key.trim() {
            "slug" => (&mut slug, "slug"),
            "tier" => (&mut tier, "tier"),
            "title" => (&mut title, "title"),
            other => return Err(ParseError::UnknownKey(other.to_owned())),
        };
        if slot.replace(value.to_owned()).is_some() {
            return Err(ParseError::Duplicate(name));
        }
    }
    if !separated {
        return Err(ParseError::NoSeparator);
    }
    let required =
        |v: Option<String>, name| v.filter(|v| !v.is_empty()).ok_or(ParseError::Missing(name));
    let slug = Slug::parse(&required(slug, "slug")?).map_err(ParseError::Slug)?;
    let tier = Tier::parse(&required(tier, "tier")?).map_err(ParseError::Tier)?;
    let title = required(title, "title")?;
    Ok(ProblemMd {
        slug,
        tier,
        title,
        instructions: text[consumed..].trim().to_owned(),
    })
}

/// Counts `#[test]` attributes in a test file.
pub fn count_tests(tests_rs: &str) -> usize {
    tests_rs.lines().filter(|l| l.trim() == "#[test]").count()
}

/// The problems folder shipped with this crate (`benchmarks/problems`).
pub fn default_problems_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("problems")
}

fn read(path: PathBuf) -> Result<String, LoadError> {
    let meta = std::fs::metadata(&path).map_err(|source| LoadError::Io {
        path: path.clone(),
        source,
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path });
    }
    std::fs::read_to_string(&path).map_err(|source| LoadError::Io { path, source })
}

/// Loads one problem folder; its `slug:` must equal the folder name.
pub fn load_problem(dir: &Path) -> Result<Problem, LoadError> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder_slug = Slug::parse(&name).map_err(|source| LoadError::FolderName {
        path: dir.to_owned(),
        source,
    })?;
    let md_path = dir.join("problem.md");
    let md = parse_problem_md(&read(md_path.clone())?).map_err(|source| LoadError::Parse {
        path: md_path,
        source,
    })?;
    if md.slug != folder_slug {
        return Err(LoadError::SlugMismatch {
            path: dir.to_owned(),
            slug: md.slug,
        });
    }
    let tests = read(dir.join("tests.rs"))?;
    let found = count_tests(&tests);
    if found < MIN_TESTS {
        return Err(LoadError::TooFewTests {
            slug: md.slug,
            found,
        });
    }
    Ok(Problem {
        slug: md.slug,
        tier: md.tier,
        title: md.title,
        instructions: md.instructions,
        starter: read(dir.join("starter.rs"))?,
        tests,
        solution: read(dir.join("solution.rs"))?,
    })
}

/// Loads every problem folder under `dir` (files and hidden entries are skipped), sorted by slug;
/// slugs are unique and equal their folder names.
pub fn load_problems(dir: &Path) -> Result<Vec<Problem>, LoadError> {
    let io = |source| LoadError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.file_type().map_err(io)?.is_dir() {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::with_capacity(dirs.len());
    for d in dirs {
        let p = load_problem(&d)?;
        if !seen.insert(p.slug.clone()) {
            return Err(LoadError::DuplicateSlug(p.slug));
        }
        problems.push(p);
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD: &str = "slug: run-length-encode\ntier: 3\ntitle: Run-length encoding\n---\nImplement `encode`.\n\n- a\n";

    #[test]
    fn parses_header_and_instructions() {
        let md = parse_problem_md(MD).expect("parses");
        assert_eq!(md.slug.as_str(), "run-length-encode");
        assert_eq!(md.tier.number(), 3);
        assert_eq!(md.tier.weight(), 3);
        assert_eq!(md.title, "Run-length encoding");
        assert_eq!(md.instructions, "Implement `encode`.\n\n- a");
    }

    #[test]
    fn rejects_bad_headers() {
        let cases = [
            ("slug: a\ntier: 1\ntitle: t\n", "no `---`"),
            ("slug: a\ntier: 7\ntitle: t\n---\n", "bad tier"),
            ("slug: a\ntier: 0\ntitle: t\n---\n", "bad tier"),
            ("slug: A_b\ntier: 1\ntitle: t\n---\n", "bad slug"),
            ("slug: a\nslug: b\ntier: 1\ntitle: t\n---\n", "given twice"),
            ("slug: a\ntier: 1\n---\n", "missing"),
            ("slug: a\ntier: 1\ntitle:\n---\n", "missing"),
            (
                "slug: a\ntier: 1\nauthor: x\ntitle: t\n---\n",
                "unknown header key",
            ),
            ("slug a\n---\n", "not `key: value`"),
        ];
        for (text, want) in cases {
            let err = parse_problem_md(text).expect_err(text).to_string();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn slugs_and_tiers() {
        for ok in ["a", "run-length-encode", "x2-y3"] {
            assert!(Slug::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "1a",
            "A",
            "a_b",
            "a/b",
            "../a",
            &"a".repeat(65),
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
        let weights: Vec<u32> = Tier::ALL.iter().map(|t| t.weight()).collect();
        assert_eq!(weights, [1, 2, 3, 4, 5, 8]);
        assert!(Tier::parse("6").is_ok());
        assert!(Tier::parse("7").is_err());
        assert!(Tier::parse("-1").is_err());
        assert!(serde_json::from_str::<Tier>("9").is_err());
        assert!(serde_json::from_str::<Slug>("\"../etc\"").is_err());
    }

    fn write_problem(root: &Path, folder: &str, slug: &str, tests: usize) {
        let d = root.join(folder);
        std::fs::create_dir_all(&d).expect("mkdir");
        let md = format!("slug: {slug}\ntier: 2\ntitle: T\n---\nDo it.\n");
        std::fs::write(d.join("problem.md"), md).expect("write");
        std::fs::write(d.join("starter.rs"), "pub fn f() {}").expect("write");
        std::fs::write(d.join("solution.rs"), "pub fn f() {}").expect("write");
        let t = "#[test]\nfn t() {}\n".repeat(tests);
        std::fs::write(d.join("tests.rs"), t).expect("write");
    }

    #[test]
    fn loads_a_folder_and_checks_slugs() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_problem(dir.path(), "b-two", "b-two", 4);
        write_problem(dir.path(), "a-one", "a-one", 5);
        std::fs::write(dir.path().join("README.md"), "not a problem").expect("write");
        let ps = load_problems(dir.path()).expect("loads");
        let slugs: Vec<&str> = ps.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["a-one", "b-two"]);
        assert_eq!(ps[0].instructions, "Do it.");

        write_problem(dir.path(), "c-three", "a-one", 4);
        let err = load_problems(dir.path()).expect_err("mismatch");
        assert!(matches!(err, LoadError::SlugMismatch { .. }), "{err}");
        std::fs::remove_dir_all(dir.path().join("c-three")).expect("rm");

        write_problem(dir.path(), "c-three", "c-three", 3);
        let err = load_problems(dir.path()).expect_err("too few tests");
        assert!(
            matches!(err, LoadError::TooFewTests { found: 3, .. }),
            "{err}"
        );
        std::fs::remove_dir_all(dir.path().join("c-three")).expect("rm");

        write_problem(dir.path(), "Bad_Name", "bad-name", 4);
        let err = load_problems(dir.path()).expect_err("folder name");
        assert!(matches!(err, LoadError::FolderName { .. }), "{err}");
    }

    #[test]
    fn shipped_problems_load() {
        let ps = load_problems(&default_problems_dir()).expect("the shipped problems load");
        assert!(!ps.is_empty());
    }
}
