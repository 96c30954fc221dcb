#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Int(i64),
    Float(f64),
    Ident(String),
    Op(String),
    LParen,
    RParen,
    Comma,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    UnexpectedChar { pos: usize, ch: char },
    BadNumber { pos: usize },
}

pub fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    todo!("tokenize {src:?}")
}
