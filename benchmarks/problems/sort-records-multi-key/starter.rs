#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub name: String,
    pub score: u32,
    pub age: u8,
}

pub fn rank_players(players: &mut [Player]) {
    todo!()
}

pub fn top_names(players: &[Player], n: usize) -> Vec<String> {
    todo!()
}

pub fn competition_ranks(players: &[Player]) -> Vec<(String, usize)> {
    todo!()
}
