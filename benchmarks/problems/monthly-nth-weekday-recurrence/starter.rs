#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    Fifth,
    Last,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecurrenceError {
    InvalidDate,
    ZeroInterval,
}

pub fn weekday_of(date: Date) -> Option<Weekday> {
    todo!("weekday of {date:?}")
}

pub fn monthly_occurrences(
    start: Date,
    every_months: u32,
    nth: Nth,
    weekday: Weekday,
    count: usize,
) -> Result<Vec<Date>, RecurrenceError> {
    todo!("{count} occurrences of {nth:?} {weekday:?} every {every_months} months from {start:?}")
}
