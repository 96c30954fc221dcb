use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money {
    cents: i64,
}

impl Money {
    pub fn from_cents(cents: i64) -> Money {
        todo!()
    }

    pub fn cents(&self) -> i64 {
        todo!()
    }

    pub fn parse(s: &str) -> Option<Money> {
        todo!()
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        todo!()
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        todo!()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}
