use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Roman(u32);

impl Roman {
    pub fn new(value: u32) -> Option<Roman> {
        todo!("validate {value}")
    }

    pub fn value(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Roman {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!("format {}", self.0)
    }
}
