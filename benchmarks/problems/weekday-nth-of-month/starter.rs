#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

pub fn weekday(year: i32, month: u32, day: u32) -> Option<Weekday> {
    todo!("{year}-{month}-{day}")
}

pub fn nth_weekday(year: i32, month: u32, wd: Weekday, n: u32) -> Option<u32> {
    todo!("{n}th {wd:?} of {year}-{month}")
}

pub fn last_weekday(year: i32, month: u32, wd: Weekday) -> Option<u32> {
    todo!("last {wd:?} of {year}-{month}")
}
