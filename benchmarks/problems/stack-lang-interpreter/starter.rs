#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackError {
    StackUnderflow,
    DivisionByZero,
    Overflow,
    UnknownWord(String),
    InvalidDefinition,
    UnbalancedIf,
}

pub struct Machine {
    // add your own fields
}

impl Machine {
    pub fn new() -> Self {
        todo!()
    }

    pub fn run(&mut self, program: &str) -> Result<(), StackError> {
        todo!("run {program:?}")
    }

    pub fn stack(&self) -> &[i64] {
        todo!()
    }

    pub fn output(&self) -> &str {
        todo!()
    }
}
