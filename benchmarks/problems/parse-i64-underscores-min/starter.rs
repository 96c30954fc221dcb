#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    Empty,
    InvalidChar(usize),
    Overflow,
}

/// Parses an optionally signed decimal i64 with `_` separators between digits.
pub fn parse_i64(s: &str) -> Result<i64, NumError> {
    todo!("parse {s:?}")
}
