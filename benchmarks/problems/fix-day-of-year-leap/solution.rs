/// Gregorian leap-year rule.
pub fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Number of days in `month` (1..=12) of `year`.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 => Some(if is_leap(year) { 29 } else { 28 }),
        _ => None,
    }
}

/// 1-based ordinal day of a date within its year.
pub fn day_of_year(year: i32, month: u32, day: u32) -> Option<u32> {
    let dim = days_in_month(year, month)?;
    if day == 0 || day > dim {
        return None;
    }
    let mut total = 0;
    for m in 1..month {
        total += days_in_month(year, m)?;
    }
    Some(total + day)
}
