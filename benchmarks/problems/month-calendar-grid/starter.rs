pub fn month_calendar(year: i32, month: u32) -> Option<String> {
    todo!("calendar for {year}-{month}")
}
