#[derive(Debug, PartialEq, Eq)]
pub enum DateError {
    BadFormat,
    InvalidDate,
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn parse(s: &str) -> Result<(i64, i64, i64), DateError> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::BadFormat);
    }
    for (i, &c) in b.iter().enumerate() {
        if i != 4 && i != 7 && !c.is_ascii_digit() {
            return Err(DateError::BadFormat);
        }
    }
    let y: i64 = s[0..4].parse().unwrap();
    let m: i64 = s[5..7].parse().unwrap();
    let d: i64 = s[8..10].parse().unwrap();
    let dim = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => return Err(DateError::InvalidDate),
    };
    if d < 1 || d > dim {
        return Err(DateError::InvalidDate);
    }
    Ok((y, m, d))
}

fn day_number(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy
}

pub fn days_between(from: &str, to: &str) -> Result<i64, DateError> {
    let a = parse(from)?;
    let b = parse(to)?;
    Ok(day_number(b.0, b.1, b.2) - day_number(a.0, a.1, a.2))
}
