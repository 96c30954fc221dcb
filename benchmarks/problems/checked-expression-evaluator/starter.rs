#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    InvalidChar(usize),
    NumberTooLarge(usize),
    UnexpectedToken(usize),
    UnexpectedEnd,
    DivisionByZero,
    NegativeExponent,
    Overflow,
}

pub fn evaluate(expr: &str) -> Result<i64, EvalError> {
    todo!("evaluate {expr:?}")
}
