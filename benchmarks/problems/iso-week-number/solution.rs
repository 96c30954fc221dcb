fn is_leap(y: i64) -> bool {
    y.rem_euclid(4) == 0 && (y.rem_euclid(100) != 0 || y.rem_euclid(400) == 0)
}

fn dim(y: i32, m: u32) -> Option<u32> {
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

// Monday = 0
fn weekday(z: i64) -> i64 {
    (z + 3).rem_euclid(7)
}

fn week1_monday(iso_year: i64) -> i64 {
    let jan4 = day_number(iso_year, 1, 4);
    jan4 - weekday(jan4)
}

pub fn iso_week(year: i32, month: u32, day: u32) -> Option<(i32, u32)> {
    let days = dim(year, month)?;
    if day == 0 || day > days {
        return None;
    }
    let z = day_number(year as i64, month as i64, day as i64);
    let y = year as i64;
    let mut iso_year = y + 1;
    while z < week1_monday(iso_year) {
        iso_year -= 1;
    }
    let week = (z - week1_monday(iso_year)) / 7 + 1;
    Some((iso_year as i32, week as u32))
}

pub fn iso_week_string(year: i32, month: u32, day: u32) -> Option<String> {
    let (y, w) = iso_week(year, month, day)?;
    Some(format!("{:04}-W{:02}", y, w))
}
