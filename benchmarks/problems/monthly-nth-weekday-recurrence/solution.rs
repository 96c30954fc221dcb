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

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => if is_leap(y) { 29 } else { 28 },
    }
}

fn valid(d: Date) -> bool {
    (1..=9999).contains(&d.year)
        && (1..=12).contains(&d.month)
        && d.day >= 1
        && d.day <= days_in_month(d.year, d.month)
}

/// Days since 0001-01-01 (day 0, a Monday).
fn day_number(d: Date) -> i64 {
    let y = (d.year - 1) as i64;
    let mut n = y * 365 + y / 4 - y / 100 + y / 400;
    for m in 1..d.month {
        n += days_in_month(d.year, m) as i64;
    }
    n + d.day as i64 - 1
}

fn weekday_index(d: Date) -> usize {
    (day_number(d) % 7) as usize
}

pub fn weekday_of(date: Date) -> Option<Weekday> {
    if !valid(date) {
        return None;
    }
    Some(WEEKDAYS[weekday_index(date)])
}

fn occurrence(year: i32, month: u32, nth: Nth, weekday: Weekday) -> Option<Date> {
    let target = weekday as usize;
    let first_wd = weekday_index(Date { year, month, day: 1 });
    let first_day = 1 + ((target + 7 - first_wd) % 7) as u32;
    let len = days_in_month(year, month);
    let k = match nth {
        Nth::First => 0,
        Nth::Second => 1,
        Nth::Third => 2,
        Nth::Fourth => 3,
        Nth::Fifth => 4,
        Nth::Last => (len - first_day) / 7,
    };
    let day = first_day + 7 * k;
    if day <= len { Some(Date { year, month, day }) } else { None }
}

pub fn monthly_occurrences(
    start: Date,
    every_months: u32,
    nth: Nth,
    weekday: Weekday,
    count: usize,
) -> Result<Vec<Date>, RecurrenceError> {
    if !valid(start) {
        return Err(RecurrenceError::InvalidDate);
    }
    if every_months == 0 {
        return Err(RecurrenceError::ZeroInterval);
    }
    let mut out = Vec::new();
    let mut index = start.year as i64 * 12 + (start.month as i64 - 1);
    while out.len() < count {
        let year = (index / 12) as i32;
        let month = (index % 12) as u32 + 1;
        if year > 9999 {
            break;
        }
        if let Some(d) = occurrence(year, month, nth, weekday) {
            if d >= start {
                out.push(d);
            }
        }
        index += every_months as i64;
    }
    Ok(out)
}
