#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    BadEscape(usize),
    InvalidUtf8,
}

pub fn percent_encode(s: &str) -> String {
    todo!("encode {s:?}")
}

pub fn percent_decode(s: &str) -> Result<String, DecodeError> {
    todo!("decode {s:?}")
}
