#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RadixError {
    BadRadix(u32),
    Empty,
    InvalidDigit(char),
    Overflow,
}

pub fn to_radix(n: u64, radix: u32) -> Result<String, RadixError> {
    todo!()
}

pub fn from_radix(s: &str, radix: u32) -> Result<u64, RadixError> {
    todo!()
}
