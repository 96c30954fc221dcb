use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub score: u32,
    pub time_ms: u64,
}

fn leaderboard_order(a: &Entry, b: &Entry) -> Ordering {
    b.score
        .cmp(&a.score)
        .then(b.time_ms.cmp(&a.time_ms))
        .then(b.name.cmp(&a.name))
}

/// Sorts entries: score desc, time asc, name asc.
pub fn rank(entries: &mut [Entry]) {
    entries.sort_by(leaderboard_order);
}

/// Names of the top three entries.
pub fn podium(entries: &[Entry]) -> Vec<String> {
    let mut sorted = entries.to_vec();
    rank(&mut sorted);
    sorted[..3].iter().map(|e| e.name.clone()).collect()
}
