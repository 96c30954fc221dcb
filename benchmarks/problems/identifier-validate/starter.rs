#[derive(Debug, PartialEq, Eq)]
pub enum IdentError {
    Empty,
    TooLong,
    StartsWithDigit,
    InvalidChar { index: usize, ch: char },
    Keyword,
}

pub fn validate_identifier(s: &str) -> Result<(), IdentError> {
    todo!("validate {s:?}")
}
