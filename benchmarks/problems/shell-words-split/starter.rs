#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    UnclosedSingle,
    UnclosedDouble,
    TrailingBackslash,
}

pub fn split_words(s: &str) -> Result<Vec<String>, SplitError> {
    todo!("split {s:?}")
}
