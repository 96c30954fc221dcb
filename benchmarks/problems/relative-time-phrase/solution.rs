pub fn relative_time(delta_secs: i64) -> String {
    let a = delta_secs.unsigned_abs();
    const DAY: u64 = 86400;
    let (n, unit) = if a < 60 {
        return "just now".to_string();
    } else if a < 3600 {
        (a / 60, "minute")
    } else if a < DAY {
        (a / 3600, "hour")
    } else if a < 30 * DAY {
        (a / DAY, "day")
    } else if a < 365 * DAY {
        (a / (30 * DAY), "month")
    } else {
        (a / (365 * DAY), "year")
    };
    let s = if n == 1 { "" } else { "s" };
    if delta_secs > 0 {
        format!("in {n} {unit}{s}")
    } else {
        format!("{n} {unit}{s} ago")
    }
}
