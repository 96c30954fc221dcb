#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegexError {
    UnbalancedParen,
    DanglingQuantifier,
    UnterminatedClass,
    TrailingEscape,
    InvalidRange,
}

pub struct Regex {
    // add your own fields
}

impl Regex {
    pub fn new(pattern: &str) -> Result<Regex, RegexError> {
        todo!("compile {pattern:?}")
    }

    pub fn is_match(&self, text: &str) -> bool {
        todo!("is_match {text:?}")
    }

    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        todo!("find {text:?}")
    }

    pub fn find_all(&self, text: &str) -> Vec<(usize, usize)> {
        todo!("find_all {text:?}")
    }
}
