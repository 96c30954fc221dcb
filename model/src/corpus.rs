//! Training text: the node's own Rust sources plus the `training_data` directories, cut into
//! ~2 KiB chunks on line boundaries.
//!
//! Collection is deterministic: directories are walked with `std::fs`, paths are sorted, and
//! the train/held-out split is decided per chunk by `blake3(source, chunk index)`, so adding a
//! file never moves chunks of other files between the two sides.

use std::path::{Path, PathBuf};

/// Target chunk size in bytes; chunks end on line boundaries (a longer single line is cut at
/// a char boundary).
pub const CHUNK_BYTES: usize = 2048;
/// Files larger than this are skipped (generated code, data dumps).
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// Directory names never entered.
const SKIP_DIRS: [&str; 3] = ["target", ".git", "node_modules"];
/// Extensions taken under a `training_data` directory (besides `.rs` everywhere).
const DATA_EXTS: [&str; 3] = ["txt", "md", "jsonl"];

/// Errors while collecting a corpus.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A root or directory could not be read.
    #[error("corpus i/o at {path}: {source}")]
    Io {
        /// Path involved.
        path: String,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// A piece of training text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Source of the text: a path relative to its root (with `/` separators) or a caller-given
    /// name.
    pub source: String,
    /// Index of this chunk within its source.
    pub index: usize,
    /// The text (at most ~[`CHUNK_BYTES`] bytes, ending on a line boundary where possible).
    pub text: String,
}

/// A collection of text chunks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    /// All chunks, ordered by source then chunk index.
    pub chunks: Vec<Chunk>,
}

impl Corpus {
    /// Walks `roots` and collects `*.rs` files (skipping `target/`, `.git/`, `node_modules/`)
    /// plus `*.txt`, `*.md` and `*.jsonl` files under any `training_data` directory. A root may
    /// also be a single file. Symlinks are not followed; unreadable or non-UTF-8 files and files
    /// over [`MAX_FILE_BYTES`] are skipped. A missing root is an error.
    pub fn collect(roots: &[PathBuf]) -> Result<Corpus, CorpusError> {
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        for root in roots {
            let meta = std::fs::metadata(root).map_err(|source| CorpusError::Io {
                path: root.display().to_string(),
                source,
            })?;
            if meta.is_file() {
                let name = root
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push((name, root.clone()));
                continue;
            }
            walk(root, root, false, &mut files)?;
        }
        files.sort();
        files.dedup();
        let mut texts = Vec::with_capacity(files.len());
        for (source, path) in files {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.len() > MAX_FILE_BYTES {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            texts.push((source, text));
        }
        Ok(Self::from_texts(texts))
    }

    /// Builds a corpus from `(source, text)` pairs (chunked like files). Order is kept.
    pub fn from_texts<I, S, T>(items: I) -> Corpus
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: AsRef<str>,
    {
        let mut chunks = Vec::new();
        for (source, text) in items {
            let source = source.into();
            for (index, piece) in chunk_text(text.as_ref(), CHUNK_BYTES)
                .into_iter()
                .enumerate()
            {
                chunks.push(Chunk {
                    source: source.clone(),
                    index,
                    text: piece,
                });
            }
        }
        Corpus { chunks }
    }

    /// Splits into `(train, held_out)`: a chunk is held out when
    /// `blake3(source ‖ 0 ‖ index_le64) mod held_out_every == 0`. `held_out_every == 0` keeps
    /// everything for training.
    pub fn split(&self, held_out_every: u64) -> (Vec<&Chunk>, Vec<&Chunk>) {
        if held_out_every == 0 {
            return (self.chunks.iter().collect(), Vec::new());
        }
        self.chunks
            .iter()
            .partition(|c| !chunk_hash(c).is_multiple_of(held_out_every))
    }

    /// Drops the chunks of every source under a folder named by `dir` (`/`-separated, e.g.
    /// `training_data/cartridges`): the cartridge corpus is learnt as pairs, held out by file,
    /// and must not leak into the text stream. Returns the number of chunks dropped.
    pub fn remove_sources_under(&mut self, dir: &str) -> usize {
        let needle = format!("/{}/", dir.trim_matches('/'));
        let before = self.chunks.len();
        self.chunks
            .retain(|c| !format!("/{}", c.source).contains(&needle));
        before - self.chunks.len()
    }

    /// Total size of all chunks in bytes.
    pub fn total_bytes(&self) -> usize {
        self.chunks.iter().map(|c| c.text.len()).sum()
    }

    /// Number of chunks.
    pub fn len(&self) -> usize {
        self.chunks.len()
    }

    /// True if the corpus has no chunks.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// All chunk texts (for tokenizer training).
    pub fn texts(&self) -> Vec<String> {
        self.chunks.iter().map(|c| c.text.clone()).collect()
    }
}

fn chunk_hash(c: &Chunk) -> u64 {
    let mut h = blake3::Hasher::new();
    h.update(c.source.as_bytes());
    h.update(&[0]);
    h.update(&(c.index as u64).to_le_bytes());
    let d = h.finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(&d.as_bytes()[..8]);
    u64::from_le_bytes(b)
}

fn walk(
    root: &Path,
    dir: &Path,
    in_data: bool,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), CorpusError> {
    let entries = std::fs::read_dir(dir).map_err(|source| CorpusError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut entries = entries.filter_map(|e| e.ok()).collect::<Vec<_>>();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Ok(ft) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = entry.path();
        if ft.is_dir() {
            if SKIP_DIRS.contains(&name.as_ref()) {
                continue;
            }
            // Unreadable subdirectories are skipped, not fatal.
            let _ = walk(root, &path, in_data || name == "training_data", out);
        } else if ft.is_file() {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "rs" || (in_data && DATA_EXTS.contains(&ext)) {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, path));
            }
        }
    }
    Ok(())
}

/// Cuts `text` into pieces of at most `max` bytes on line boundaries; a single line longer than
/// `max` is cut at char boundaries. Concatenating the pieces gives back `text`.
pub fn chunk_text(text: &str, max: usize) -> Vec<String> {
    let max = max.max(4);
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.split_inclusive('\n') {
        if !cur.is_empty() && cur.len() + line.len() > max {
            out.push(std::mem::take(&mut cur));
        }
        if line.len() <= max {
            cur.push_str(line);
            continue;
        }
        // Over-long line: cut at char boundaries.
        let mut rest = line;
        while rest.len() > max {
            let mut cut = max;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        cur.push_str(rest);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_chunking_on_line_boundaries() {
        let line = "let x = 1; // abcdefghij\n"; // 25 bytes
        let text = line.repeat(300);
        let pieces = chunk_text(&text, CHUNK_BYTES);
        assert!(pieces.len() >= 3);
        assert_eq!(pieces.concat(), text);
        for p in &pieces {
            assert!(p.len() <= CHUNK_BYTES);
            assert!(p.ends_with('\n'));
        }
        let long = "é".repeat(3000) + "\nshort\n";
        let pieces = chunk_text(&long, CHUNK_BYTES);
        assert_eq!(pieces.concat(), long);
        assert!(pieces.iter().all(|p| p.len() <= CHUNK_BYTES));
        assert!(chunk_text("", CHUNK_BYTES).is_empty());
    }

    #[test]
    fn corpus_collect_and_deterministic_split() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in [
            "src",
            "target/debug",
            ".git",
            "node_modules/x",
            "training_data/sub",
        ] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let body = "fn f() -> u32 { 42 }\n".repeat(500);
        std::fs::write(root.join("src/b.rs"), &body).unwrap();
        std::fs::write(root.join("src/a.rs"), "fn a() {}\n").unwrap();
        std::fs::write(root.join("src/notes.md"), "not data\n").unwrap();
        std::fs::write(root.join("target/debug/gen.rs"), "skip").unwrap();
        std::fs::write(root.join(".git/x.rs"), "skip").unwrap();
        std::fs::write(root.join("node_modules/x/y.rs"), "skip").unwrap();
        std::fs::write(root.join("training_data/sub/d.jsonl"), "{\"a\":1}\n").unwrap();
        std::fs::write(root.join("training_data/t.txt"), "text\n").unwrap();
        std::fs::write(root.join("training_data/bin.dat"), "skip").unwrap();

        let c = Corpus::collect(&[root.to_path_buf()]).unwrap();
        let mut sources = c
            .chunks
            .iter()
            .map(|c| c.source.as_str())
            .collect::<Vec<_>>();
        sources.dedup();
        assert_eq!(
            sources,
            vec![
                "src/a.rs",
                "src/b.rs",
                "training_data/sub/d.jsonl",
                "training_data/t.txt"
            ]
        );
        assert_eq!(c.total_bytes(), 10 + body.len() + 8 + 5);
        let again = Corpus::collect(&[root.to_path_buf()]).unwrap();
        assert_eq!(c, again);
        assert!(Corpus::collect(&[root.join("missing")]).is_err());

        // Split: deterministic, independent of order, covers everything.
        let many = Corpus::from_texts((0..200).map(|i| (format!("f{i}.rs"), format!("x{i}\n"))));
        let (tr, ho) = many.split(10);
        assert_eq!(tr.len() + ho.len(), 200);
        assert!(!ho.is_empty() && ho.len() < 50, "held out {}", ho.len());
        let mut rev = many.clone();
        rev.chunks.reverse();
        let (_, ho_rev) = rev.split(10);
        let mut a = ho.iter().map(|c| c.source.clone()).collect::<Vec<_>>();
        let mut b = ho_rev.iter().map(|c| c.source.clone()).collect::<Vec<_>>();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(many.split(0).1.len(), 0);

        let mut mixed = Corpus::from_texts([
            ("training_data/cartridges/small/echo.rs", "a\n"),
            ("x/training_data/cartridges/paid/tip.rs", "b\n"),
            ("training_data/cartridges.rs", "c\n"),
            ("src/lib.rs", "d\n"),
        ]);
        assert_eq!(mixed.remove_sources_under("training_data/cartridges"), 2);
        let left: Vec<&str> = mixed.chunks.iter().map(|c| c.source.as_str()).collect();
        assert_eq!(left, ["training_data/cartridges.rs", "src/lib.rs"]);
    }
}
