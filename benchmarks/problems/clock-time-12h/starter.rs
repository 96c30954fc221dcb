use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clock {
    minutes: u16,
}

impl Clock {
    pub fn parse(s: &str) -> Option<Clock> {
        todo!("parse {s:?}")
    }

    pub fn parse_12h(s: &str) -> Option<Clock> {
        todo!("parse 12h {s:?}")
    }

    pub fn add_minutes(self, delta: i64) -> Clock {
        todo!("add {delta}")
    }

    pub fn minutes_until(self, later: Clock) -> u32 {
        todo!("until {later:?}")
    }

    pub fn to_12h(self) -> String {
        todo!()
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}
