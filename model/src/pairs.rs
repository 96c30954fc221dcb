//! (instruction → source) pairs of the verified cartridge corpus (`training_data/cartridges`,
//! read by the node with `x402_cartridge::corpus`), for the code task.
//!
//! The corpus is held out BY FILE: a pair is held out when `blake3(name)` (its slug) falls in
//! the lowest [`HELD_OUT_PERCENT`] of the range, so the split never depends on the other files
//! and a file never moves between the sides when the corpus grows. Held-out pairs are scored
//! (instruction → the first target tokens of the code) and never trained on.

use crate::tokenizer::{Bpe, TaskToken, TokenizerError};

/// Share of the corpus files held out for evaluation, in percent.
pub const HELD_OUT_PERCENT: u64 = 15;

/// One corpus file as a training pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// Unique name (the cartridge's slug): decides the split.
    pub name: String,
    /// What the cartridge does, as a user asked for it.
    pub instruction: String,
    /// The cartridge's source (without its header).
    pub code: String,
}

/// Whether the pair named `name` is held out.
pub fn held_out(name: &str) -> bool {
    let hash = blake3::hash(name.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first) % 100 < HELD_OUT_PERCENT
}

/// Splits `pairs` into `(train, held_out)` by name.
pub fn split(pairs: &[Pair]) -> (Vec<&Pair>, Vec<&Pair>) {
    pairs.iter().partition(|p| !held_out(&p.name))
}

/// One side of the split, tokenised.
#[derive(Debug, Clone, Default)]
pub struct TokenPairs {
    /// Names, in order.
    pub names: Vec<String>,
    /// `(instruction ids, code ids)`.
    pub ids: Vec<(Vec<u32>, Vec<u32>)>,
}

impl TokenPairs {
    /// Tokenises `pairs` (pairs whose code is empty are dropped: nothing to score).
    pub fn new(tokenizer: &Bpe, pairs: &[&Pair]) -> Result<Self, TokenizerError> {
        let mut out = TokenPairs::default();
        for pair in pairs {
            let code = tokenizer.encode(&pair.code)?;
            if code.is_empty() {
                continue;
            }
            out.names.push(pair.name.clone());
            out.ids.push((tokenizer.encode(&pair.instruction)?, code));
        }
        Ok(out)
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True without pairs.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The example of pair `index` whose target starts at code token `offset`:
    /// `src = [CODE] + instruction (cut to fit) + <eos> + the code just before offset` (as much
    /// as fits in `src_len`), `tgt` = up to `tgt_len` code tokens from `offset`.
    pub fn example(
        &self,
        index: usize,
        offset: usize,
        src_len: usize,
        tgt_len: usize,
        eos: u32,
    ) -> (Vec<u32>, Vec<u32>) {
        let (instruction, code) = &self.ids[index];
        let offset = offset.min(code.len().saturating_sub(1));
        let room = src_len.saturating_sub(1);
        let mut src = Vec::with_capacity(src_len);
        src.push(TaskToken::Code.id());
        src.extend(instruction.iter().take(room));
        if offset > 0 && src.len() + 1 < src_len {
            src.push(eos);
            let fit = src_len - src.len();
            src.extend(&code[offset.saturating_sub(fit)..offset]);
        }
        let tgt = code[offset..(offset + tgt_len).min(code.len())].to_vec();
        (src, tgt)
    }

    /// The last offset worth drawing for pair `index` (a full target when the code allows).
    pub fn max_offset(&self, index: usize, tgt_len: usize) -> usize {
        self.ids[index].1.len().saturating_sub(tgt_len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(n: usize) -> Vec<Pair> {
        (0..n)
            .map(|i| Pair {
                name: format!("cartridge-{i}"),
                instruction: format!("Do thing {i}."),
                code: format!("fn thing_{i}() -> u32 {{ {i} }}\n"),
            })
            .collect()
    }

    #[test]
    fn no_held_out_file_is_a_training_pair() {
        let all = pairs(400);
        let (train, held) = split(&all);
        assert_eq!(train.len() + held.len(), all.len());
        // ~15 % held out.
        assert!((30..=90).contains(&held.len()), "held out {}", held.len());
        for h in &held {
            assert!(held_out(&h.name));
            assert!(
                !train.iter().any(|t| t.name == h.name || t.code == h.code),
                "{} is on both sides",
                h.name
            );
        }
        // By name only: order and the other files do not matter.
        let mut reversed = all.clone();
        reversed.reverse();
        reversed.truncate(100);
        let (_, held_again) = split(&reversed);
        for h in held_again {
            assert!(held.iter().any(|x| x.name == h.name));
        }
    }

    #[test]
    fn examples_keep_the_instruction_and_score_the_code() {
        let bpe = Bpe::train(&["fn thing() -> u32 { 1 }\nDo thing.\n".repeat(20)], 300).unwrap();
        let all = pairs(3);
        let refs: Vec<&Pair> = all.iter().collect();
        let tp = TokenPairs::new(&bpe, &refs).unwrap();
        assert_eq!(tp.names, ["cartridge-0", "cartridge-1", "cartridge-2"]);
        let (instruction, code) = tp.ids[1].clone();
        let (src, tgt) = tp.example(1, 0, 64, 8, bpe.eos_id());
        assert_eq!(src[0], TaskToken::Code.id());
        assert_eq!(
            &src[1..],
            &instruction[..],
            "offset 0: the instruction alone"
        );
        assert_eq!(tgt, code[..8.min(code.len())]);
        let (src, tgt) = tp.example(1, 3, 64, 4, bpe.eos_id());
        assert_eq!(&src[1..1 + instruction.len()], &instruction[..]);
        assert_eq!(src[1 + instruction.len()], bpe.eos_id());
        assert_eq!(
            &src[2 + instruction.len()..],
            &code[..3],
            "the code before the target"
        );
        assert_eq!(tgt, code[3..7.min(code.len())]);
        let (src, _) = tp.example(1, 5, 4, 4, bpe.eos_id());
        assert_eq!(src.len(), 4, "the source never passes src_len");
    }
}
