#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub rank: usize,
    pub name: String,
    pub score: u32,
}

/// Orders entries by score (descending, ties in input order) with competition ranks.
pub fn competition_ranking(entries: &[(&str, u32)]) -> Vec<Ranked> {
    let mut order: Vec<(&str, u32)> = entries.to_vec();
    // `sort_by` is stable, so equal scores keep their input order.
    order.sort_by(|a, b| b.1.cmp(&a.1));
    let mut out: Vec<Ranked> = Vec::with_capacity(order.len());
    for (i, (name, score)) in order.into_iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.score == score => prev.rank,
            _ => i + 1,
        };
        out.push(Ranked { rank, name: name.to_string(), score });
    }
    out
}
