use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonError {
    UnexpectedEnd,
    UnexpectedChar { pos: usize, ch: char },
    InvalidNumber { pos: usize },
    InvalidEscape { pos: usize },
    DuplicateKey { pos: usize, key: String },
    TooDeep { pos: usize },
    TrailingCharacters { pos: usize },
}

pub fn parse(text: &str) -> Result<Json, JsonError> {
    todo!("parse {text:?}")
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        todo!("get {key}")
    }

    pub fn at(&self, index: usize) -> Option<&Json> {
        todo!("at {index}")
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}
