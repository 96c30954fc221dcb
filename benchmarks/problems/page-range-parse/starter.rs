#[derive(Debug, PartialEq, Eq)]
pub enum PageError {
    Empty,
    Invalid(String),
    OutOfRange(u32),
    Reversed { start: u32, end: u32 },
}

pub fn parse_pages(spec: &str, max_page: u32) -> Result<Vec<u32>, PageError> {
    todo!("parse {spec:?} up to {max_page}")
}

pub fn format_pages(pages: &[u32]) -> String {
    todo!("format {pages:?}")
}
