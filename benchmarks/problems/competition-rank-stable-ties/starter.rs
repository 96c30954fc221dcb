#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub rank: usize,
    pub name: String,
    pub score: u32,
}

/// Orders entries by score (descending, ties in input order) with competition ranks.
pub fn competition_ranking(entries: &[(&str, u32)]) -> Vec<Ranked> {
    todo!("rank {} entries", entries.len())
}
