#[derive(Debug, PartialEq, Eq)]
pub enum DateError {
    BadFormat,
    InvalidDate,
}

pub fn days_between(from: &str, to: &str) -> Result<i64, DateError> {
    todo!("days from {from:?} to {to:?}")
}
