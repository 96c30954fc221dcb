#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        todo!("{year}-{month}-{day}")
    }

    pub fn is_leap_year(year: i32) -> bool {
        todo!("{year}")
    }

    pub fn day_of_year(self) -> u32 {
        todo!()
    }

    pub fn add_days(self, n: i64) -> Date {
        todo!("add {n}")
    }
}
