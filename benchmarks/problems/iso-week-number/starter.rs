pub fn iso_week(year: i32, month: u32, day: u32) -> Option<(i32, u32)> {
    todo!("{year}-{month}-{day}")
}

pub fn iso_week_string(year: i32, month: u32, day: u32) -> Option<String> {
    todo!("{year}-{month}-{day}")
}
