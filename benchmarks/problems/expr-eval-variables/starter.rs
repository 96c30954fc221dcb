#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    Parse { pos: usize },
    UnknownVariable(String),
    DivisionByZero,
    NegativeExponent,
    Overflow,
}

pub struct Env {
    // add your own fields
}

impl Env {
    pub fn new() -> Self {
        todo!()
    }

    pub fn eval(&mut self, line: &str) -> Result<i64, EvalError> {
        todo!("eval {line:?}")
    }

    pub fn get(&self, name: &str) -> Option<i64> {
        todo!("get {name}")
    }
}
