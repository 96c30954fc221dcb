/// Formats seconds as e.g. "1d 2h 3m 4s" (zero parts omitted, "0s" for zero).
pub fn format_duration(secs: u64) -> String {
    let days = secs / 86_400;
    let hours = secs / 3_600;
    let minutes = secs % 3_600 / 60;
    let seconds = secs % 60;
    let mut parts = Vec::new();
    for (n, unit) in [(days, 'd'), (hours, 'h'), (minutes, 'm'), (seconds, 's')] {
        if n > 0 {
            parts.push(format!("{n}{unit}"));
        }
    }
    parts.join(" ")
}

/// Parses "1d 2h 3m 4s"-style durations (units in decreasing order, each at most once).
pub fn parse_duration(s: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut last_rank = 4;
    let mut any = false;
    for tok in s.split_whitespace() {
        let unit = tok.chars().last()?;
        let digits = &tok[..tok.len() - unit.len_utf8()];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (rank, mult): (u32, u64) = match unit {
            'd' => (3, 86_400),
            'h' => (2, 3_600),
            'm' => (1, 60),
            's' => (0, 1),
            _ => return None,
        };
        if rank >= last_rank {
            return None;
        }
        last_rank = rank;
        let n: u64 = digits.parse().ok()?;
        total += n * mult;
        any = true;
    }
    if any {
        Some(total)
    } else {
        None
    }
}
