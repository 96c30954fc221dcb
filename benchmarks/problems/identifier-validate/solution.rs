#[derive(Debug, PartialEq, Eq)]
pub enum IdentError {
    Empty,
    TooLong,
    StartsWithDigit,
    InvalidChar { index: usize, ch: char },
    Keyword,
}

const KEYWORDS: [&str; 17] = [
    "fn", "let", "mut", "if", "else", "while", "for", "loop", "match", "return", "struct", "enum",
    "impl", "trait", "true", "false", "self",
];

pub fn validate_identifier(s: &str) -> Result<(), IdentError> {
    if s.is_empty() {
        return Err(IdentError::Empty);
    }
    if s.chars().count() > 64 {
        return Err(IdentError::TooLong);
    }
    if s.chars().next().unwrap().is_ascii_digit() {
        return Err(IdentError::StartsWithDigit);
    }
    if let Some((index, ch)) = s
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
    {
        return Err(IdentError::InvalidChar { index, ch });
    }
    if KEYWORDS.contains(&s) {
        return Err(IdentError::Keyword);
    }
    Ok(())
}
