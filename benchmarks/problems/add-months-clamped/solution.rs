fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn dim(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

pub fn add_months(date: &str, months: i32) -> Option<String> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if !b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()) {
        return None;
    }
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: i64 = date[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || d < 1 || d > dim(y, m) {
        return None;
    }
    let total = y * 12 + (m - 1) + months as i64;
    let ny = total.div_euclid(12);
    let nm = total.rem_euclid(12) + 1;
    if !(0..=9999).contains(&ny) {
        return None;
    }
    let nd = d.min(dim(ny, nm));
    Some(format!("{:04}-{:02}-{:02}", ny, nm, nd))
}
