pub fn add_months(date: &str, months: i32) -> Option<String> {
    todo!("{date} + {months} months")
}
