#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub name: String,
    pub score: u32,
    pub age: u8,
}

pub fn rank_players(players: &mut [Player]) {
    players.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.age.cmp(&b.age))
            .then_with(|| a.name.cmp(&b.name))
    });
}

pub fn top_names(players: &[Player], n: usize) -> Vec<String> {
    let mut v = players.to_vec();
    rank_players(&mut v);
    v.into_iter().take(n).map(|p| p.name).collect()
}

pub fn competition_ranks(players: &[Player]) -> Vec<(String, usize)> {
    let mut v = players.to_vec();
    rank_players(&mut v);
    let mut out = Vec::with_capacity(v.len());
    for (i, p) in v.iter().enumerate() {
        let rank = if i > 0 && v[i - 1].score == p.score { out.last().map(|(_, r)| *r).unwrap() } else { i + 1 };
        out.push((p.name.clone(), rank));
    }
    out
}
