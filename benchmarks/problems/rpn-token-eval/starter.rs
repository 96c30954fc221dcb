#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Num(i64),
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Dup,
    Swap,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RpnError {
    Empty,
    StackUnderflow(usize),
    DivisionByZero(usize),
    Overflow(usize),
    Leftover(usize),
}

pub fn eval(tokens: &[Token]) -> Result<i64, RpnError> {
    todo!()
}
