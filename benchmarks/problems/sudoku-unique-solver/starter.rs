#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SudokuError {
    InvalidFormat,
    Contradiction,
    NoSolution,
    MultipleSolutions,
}

pub fn solve(puzzle: &str) -> Result<String, SudokuError> {
    todo!("solve {puzzle}")
}

pub fn count_solutions(puzzle: &str, limit: usize) -> Result<usize, SudokuError> {
    todo!("count {puzzle} up to {limit}")
}
