#[derive(Debug, PartialEq, Eq)]
pub enum DurationError {
    Empty,
    InvalidFormat,
    UnitOrder,
    Overflow,
}

pub fn parse_duration(s: &str) -> Result<u64, DurationError> {
    todo!("parse {s:?}")
}
