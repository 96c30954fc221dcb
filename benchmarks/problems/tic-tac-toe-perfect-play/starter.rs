#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Invalid,
    XWon,
    OWon,
    Draw,
    XToMove,
    OToMove,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Win,
    Draw,
    Loss,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub cell: usize,
    pub outcome: Outcome,
    pub plies: u32,
}

pub fn status(board: &str) -> Status {
    todo!("status of {board:?}")
}

pub fn best_move(board: &str) -> Option<Move> {
    todo!("best move for {board:?}")
}
