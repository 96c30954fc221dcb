//! Byte-level BPE tokenizer (8,192 tokens) built on the pure-Rust `tokenizers` crate.
//!
//! Layout of the ids: `0..4` are the special tokens `<pad>`, `<bos>`, `<eos>`, `<unk>`, `4..260`
//! the 256 byte-level symbols, then the learned merges up to [`BPE_VOCAB`]. The unified model adds
//! the [`TaskToken`]s on top (`8192..8196`, four more ids reserved) for a model vocabulary of
//! [`MODEL_VOCAB`].
//!
//! Pre-tokenizer and decoder are both `ByteLevel::new(false, true, true)` (no prefix space), so
//! `decode(encode(x)) == x` for every string, including leading spaces, tabs, newlines and
//! non-ASCII text.
//!
//! Training is deterministic: the `tokenizers` BPE trainer sorts the alphabet and breaks count ties
//! by pair ids, so the same input texts give the same vocabulary and merges (checked by a test
//! that trains twice and compares the serialised JSON).
//!
//! A literal occurrence of a special-token string (e.g. `"<eos>"`) in the input text is encoded
//! as that special token; [`Bpe::decode`] keeps special tokens, so the round trip stays exact.

use std::path::Path;

use tokenizers::decoders::DecoderWrapper;
use tokenizers::models::bpe::{BPE, BpeTrainerBuilder};
use tokenizers::normalizers::NormalizerWrapper;
use tokenizers::pre_tokenizers::PreTokenizerWrapper;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::processors::PostProcessorWrapper;
use tokenizers::{AddedToken, Tokenizer, TokenizerBuilder};

/// Number of ids produced by the BPE (special tokens, 256 bytes and merges).
pub const BPE_VOCAB: usize = 8192;
/// Vocabulary of the unified model: BPE ids, the four task tokens and four reserved ids.
pub const MODEL_VOCAB: usize = 8200;

/// Padding token string (id 0).
pub const PAD: &str = "<pad>";
/// Beginning-of-sequence token string (id 1).
pub const BOS: &str = "<bos>";
/// End-of-sequence token string (id 2).
pub const EOS: &str = "<eos>";
/// Unknown token string (id 3; never produced by the byte-level model).
pub const UNK: &str = "<unk>";

/// Task tokens prepended to the model's source sequence to select a path; ids `8192..8196`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskToken {
    /// Outcome prediction (fast head): id 8192.
    Predict,
    /// Code quality (fast head): id 8193.
    Quality,
    /// Code generation (decoder): id 8194.
    Code,
    /// Plan generation (decoder): id 8195.
    Plan,
}

impl TaskToken {
    /// All task tokens, in id order.
    pub const ALL: [TaskToken; 4] = [Self::Predict, Self::Quality, Self::Code, Self::Plan];

    /// Model-vocabulary id of this task token.
    pub fn id(self) -> u32 {
        let offset = match self {
            Self::Predict => 0,
            Self::Quality => 1,
            Self::Code => 2,
            Self::Plan => 3,
        };
        BPE_VOCAB as u32 + offset
    }

    /// The task token with this id, if any.
    pub fn from_id(id: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// Errors of the tokenizer.
#[derive(Debug, thiserror::Error)]
pub enum TokenizerError {
    /// An error reported by the `tokenizers` crate (training, encoding, decoding, JSON).
    #[error("tokenizers: {0}")]
    Tokenizers(String),
    /// Reading or writing the tokenizer file failed.
    #[error("tokenizer i/o at {path}: {source}")]
    Io {
        /// File involved.
        path: String,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The requested vocabulary cannot hold the special tokens and the 256 byte symbols, or is
    /// larger than [`BPE_VOCAB`].
    #[error("invalid vocabulary size {0} (must be in 261..={BPE_VOCAB})")]
    BadVocabSize(usize),
    /// A loaded tokenizer lacks a special token at its expected id, or is too large.
    #[error("tokenizer is not a valid x402 BPE: {0}")]
    Invalid(String),
}

fn tk_err(e: tokenizers::Error) -> TokenizerError {
    TokenizerError::Tokenizers(e.to_string())
}

/// Byte-level BPE tokenizer.
#[derive(Clone)]
pub struct Bpe {
    inner: Tokenizer,
}

impl std::fmt::Debug for Bpe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bpe")
            .field("vocab_size", &self.vocab_size())
            .finish()
    }
}

impl Bpe {
    /// Trains a BPE of at most `vocab_size` ids (`261..=8192`) on `texts`.
    ///
    /// Deterministic: the same texts in the same order give byte-identical tokenizers. The
    /// vocabulary may end up smaller than requested on a tiny corpus (merges stop at count < 2).
    pub fn train(texts: &[String], vocab_size: usize) -> Result<Self, TokenizerError> {
        if !(261..=BPE_VOCAB).contains(&vocab_size) {
            return Err(TokenizerError::BadVocabSize(vocab_size));
        }
        let specials = [PAD, BOS, EOS, UNK]
            .iter()
            .map(|s| AddedToken::from(*s, true))
            .collect::<Vec<_>>();
        let mut trainer = BpeTrainerBuilder::new()
            .vocab_size(vocab_size)
            .min_frequency(2)
            .special_tokens(specials)
            .initial_alphabet(ByteLevel::alphabet().into_iter().collect())
            .show_progress(false)
            .build();
        let mut tok = TokenizerBuilder::<
            BPE,
            NormalizerWrapper,
            PreTokenizerWrapper,
            PostProcessorWrapper,
            DecoderWrapper,
        >::new()
        .with_model(BPE::default())
        .with_pre_tokenizer(Some(ByteLevel::new(false, true, true).into()))
        .with_decoder(Some(ByteLevel::new(false, true, true).into()))
        .build()
        .map_err(tk_err)?;
        tok.train(&mut trainer, texts.iter()).map_err(tk_err)?;
        let bpe = Self {
            inner: Tokenizer::from(tok),
        };
        bpe.validate()?;
        Ok(bpe)
    }

    fn validate(&self) -> Result<(), TokenizerError> {
        for (id, s) in [PAD, BOS, EOS, UNK].iter().enumerate() {
            if self.inner.token_to_id(s) != Some(id as u32) {
                return Err(TokenizerError::Invalid(format!("{s} is not id {id}")));
            }
        }
        let n = self.vocab_size();
        if n > BPE_VOCAB {
            return Err(TokenizerError::Invalid(format!(
                "vocabulary {n} > {BPE_VOCAB}"
            )));
        }
        Ok(())
    }

    /// Serialises the tokenizer to JSON (the `tokenizer.json` format).
    pub fn to_json(&self) -> Result<String, TokenizerError> {
        self.inner.to_string(false).map_err(tk_err)
    }

    /// Parses a tokenizer from JSON produced by [`Bpe::to_json`] / [`Bpe::save`].
    pub fn from_json(json: &str) -> Result<Self, TokenizerError> {
        let inner = Tokenizer::from_bytes(json.as_bytes()).map_err(tk_err)?;
        let bpe = Self { inner };
        bpe.validate()?;
        Ok(bpe)
    }

    /// Writes the tokenizer as JSON to `path`.
    pub fn save(&self, path: &Path) -> Result<(), TokenizerError> {
        let json = self.to_json()?;
        std::fs::write(path, json).map_err(|source| TokenizerError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Reads a tokenizer written by [`Bpe::save`].
    pub fn load(path: &Path) -> Result<Self, TokenizerError> {
        let json = std::fs::read_to_string(path).map_err(|source| TokenizerError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_json(&json)
    }

    /// Encodes `text` into BPE ids (no BOS/EOS added).
    pub fn encode(&self, text: &str) -> Result<Vec<u32>, TokenizerError> {
        let enc = self.inner.encode_fast(text, false).map_err(tk_err)?;
        Ok(enc.get_ids().to_vec())
    }

    /// Decodes ids back to text. Special tokens are kept; ids outside the BPE vocabulary (task
    /// tokens, reserved ids) are skipped.
    pub fn decode(&self, ids: &[u32]) -> Result<String, TokenizerError> {
        let n = self.vocab_size() as u32;
        let ids = ids.iter().copied().filter(|&i| i < n).collect::<Vec<_>>();
        self.inner.decode(&ids, false).map_err(tk_err)
    }

    /// Encodes several texts in parallel.
    pub fn encode_batch(&self, texts: &[&str]) -> Result<Vec<Vec<u32>>, TokenizerError> {
        let encs = self
            .inner
            .encode_batch_fast(texts.to_vec(), false)
            .map_err(tk_err)?;
        Ok(encs.into_iter().map(|e| e.get_ids().to_vec()).collect())
    }

    /// Number of ids of this BPE (at most [`BPE_VOCAB`]).
    pub fn vocab_size(&self) -> usize {
        self.inner.get_vocab_size(true)
    }

    /// Id of `<pad>` (0).
    pub fn pad_id(&self) -> u32 {
        0
    }

    /// Id of `<bos>` (1).
    pub fn bos_id(&self) -> u32 {
        1
    }

    /// Id of `<eos>` (2).
    pub fn eos_id(&self) -> u32 {
        2
    }

    /// Id of `<unk>` (3).
    pub fn unk_id(&self) -> u32 {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<String> {
        let rust = "fn main() {\n    let x = vec![1, 2, 3];\n\tprintln!(\"{:?}\", x);\n}\n";
        let mut v = Vec::new();
        for i in 0..40 {
            v.push(format!(
                "{rust}// comment {i}\npub struct S{i} {{ a: u32, b: String }}\n"
            ));
            v.push(format!(
                "  leading spaces and héllo 🦀 number {i}\n\nimpl S{i} {{ fn new() -> Self {{ todo!() }} }}\n"
            ));
        }
        v
    }

    fn samples() -> Vec<&'static str> {
        vec![
            "",
            " ",
            "   leading spaces",
            "\ttab\tseparated\t",
            "\n\nnewlines\n\r\n",
            "héllo 🦀",
            "日本語のテキスト",
            "fn main() {\n    println!(\"hi\");\n}\n",
            "use std::collections::HashMap;\n\nimpl<T: Clone> Foo<T> { fn f(&self) -> T { self.0.clone() } }",
            "trailing spaces   ",
            "<eos> literal special and <pad>",
        ]
    }

    #[test]
    fn tokenizer_round_trip_exact() {
        let bpe = Bpe::train(&corpus(), 400).unwrap();
        assert!(bpe.vocab_size() > 260 && bpe.vocab_size() <= 400);
        for s in samples() {
            let ids = bpe.encode(s).unwrap();
            assert_eq!(bpe.decode(&ids).unwrap(), s, "round trip of {s:?}");
        }
        let batch = bpe.encode_batch(&samples()).unwrap();
        for (s, ids) in samples().iter().zip(&batch) {
            assert_eq!(&bpe.encode(s).unwrap(), ids);
        }
        // Merges compress: fewer tokens than bytes on in-domain text.
        let text = &corpus()[0];
        assert!(bpe.encode(text).unwrap().len() < text.len() / 2);
        // Task tokens are skipped by decode.
        let mut ids = vec![TaskToken::Code.id()];
        ids.extend(bpe.encode("abc").unwrap());
        assert_eq!(bpe.decode(&ids).unwrap(), "abc");
    }

    #[test]
    fn tokenizer_special_ids_and_task_tokens() {
        let bpe = Bpe::train(&corpus(), 300).unwrap();
        assert_eq!(bpe.encode("<pad>").unwrap(), vec![bpe.pad_id()]);
        assert_eq!(bpe.encode("<bos>").unwrap(), vec![bpe.bos_id()]);
        assert_eq!(bpe.encode("<eos>").unwrap(), vec![bpe.eos_id()]);
        for (i, t) in TaskToken::ALL.iter().enumerate() {
            assert_eq!(t.id(), 8192 + i as u32);
            assert_eq!(TaskToken::from_id(t.id()), Some(*t));
        }
        assert!(matches!(
            Bpe::train(&corpus(), 100),
            Err(TokenizerError::BadVocabSize(100))
        ));
    }

    #[test]
    fn tokenizer_deterministic_and_save_load() {
        let a = Bpe::train(&corpus(), 350).unwrap();
        let b = Bpe::train(&corpus(), 350).unwrap();
        assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tokenizer.json");
        a.save(&path).unwrap();
        let c = Bpe::load(&path).unwrap();
        for s in samples() {
            assert_eq!(a.encode(s).unwrap(), c.encode(s).unwrap());
        }
        assert_eq!(a.vocab_size(), c.vocab_size());
        assert!(Bpe::load(&dir.path().join("missing.json")).is_err());
        assert!(Bpe::from_json("{not json").is_err());
    }
}
