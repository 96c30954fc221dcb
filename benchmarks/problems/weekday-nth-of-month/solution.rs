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

const ALL: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn is_leap(y: i64) -> bool {
    y.rem_euclid(4) == 0 && (y.rem_euclid(100) != 0 || y.rem_euclid(400) == 0)
}

fn days_in_month(y: i32, m: u32) -> Option<u32> {
    Some(match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y as i64) => 29,
        2 => 28,
        _ => return None,
    })
}

fn day_number(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
}

fn index(wd: Weekday) -> u32 {
    ALL.iter().position(|&w| w == wd).unwrap() as u32
}

pub fn weekday(year: i32, month: u32, day: u32) -> Option<Weekday> {
    let dim = days_in_month(year, month)?;
    if day == 0 || day > dim {
        return None;
    }
    // 1970-01-01 was a Thursday (index 3).
    let z = day_number(year as i64, month as i64, day as i64);
    Some(ALL[((z + 3).rem_euclid(7)) as usize])
}

pub fn nth_weekday(year: i32, month: u32, wd: Weekday, n: u32) -> Option<u32> {
    let dim = days_in_month(year, month)?;
    if n == 0 {
        return None;
    }
    let first = index(weekday(year, month, 1)?);
    let offset = (index(wd) + 7 - first) % 7;
    let day = 1 + offset + (n - 1).checked_mul(7)?;
    if day <= dim {
        Some(day)
    } else {
        None
    }
}

pub fn last_weekday(year: i32, month: u32, wd: Weekday) -> Option<u32> {
    let dim = days_in_month(year, month)?;
    let last = index(weekday(year, month, dim)?);
    let back = (last + 7 - index(wd)) % 7;
    Some(dim - back)
}
