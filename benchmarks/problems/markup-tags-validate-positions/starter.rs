#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub elements: usize,
    pub max_depth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkupError {
    MalformedTag { pos: usize },
    UnexpectedClose { pos: usize, name: String },
    MismatchedClose { pos: usize, expected: String, found: String },
    Unclosed { pos: usize, name: String },
}

pub fn validate(doc: &str) -> Result<Summary, MarkupError> {
    todo!("validate {} chars of markup", doc.chars().count())
}
