#[derive(Debug, PartialEq, Eq)]
pub enum ExpandError {
    Unclosed,
    BadName(String),
}

pub fn expand<F: Fn(&str) -> Option<String>>(input: &str, lookup: F) -> Result<String, ExpandError> {
    todo!("expand {input:?} {:?}", lookup("HOME"))
}
