const NAMES: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];

fn is_leap(y: i64) -> bool {
    y.rem_euclid(4) == 0 && (y.rem_euclid(100) != 0 || y.rem_euclid(400) == 0)
}

fn day_number(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
}

pub fn month_calendar(year: i32, month: u32) -> Option<String> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let dim = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year as i64) => 29,
        _ => 28,
    };
    let title = format!("{} {}", NAMES[month as usize - 1], year);
    let pad = 20usize.saturating_sub(title.len()) / 2;
    let mut out = format!("{}{}\n", " ".repeat(pad), title);
    out.push_str("Mo Tu We Th Fr Sa Su\n");
    let first = (day_number(year as i64, month as i64, 1) + 3).rem_euclid(7) as usize; // Mon = 0
    let mut cells: Vec<String> = vec!["  ".to_string(); first];
    for d in 1..=dim {
        cells.push(format!("{:>2}", d));
    }
    for week in cells.chunks(7) {
        let line = week.join(" ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Some(out)
}
