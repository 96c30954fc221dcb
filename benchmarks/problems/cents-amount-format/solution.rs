pub fn format_cents(cents: i64, symbol: &str) -> String {
    let abs = cents.unsigned_abs();
    let whole = (abs / 100).to_string();
    let frac = abs % 100;
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}{}{}.{:02}", if cents < 0 { "-" } else { "" }, symbol, grouped, frac)
}

pub fn parse_cents(s: &str, symbol: &str) -> Option<i64> {
    let (neg, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let rest = rest.strip_prefix(symbol)?;
    let (whole, frac) = rest.split_once('.')?;
    if frac.len() != 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if whole.is_empty() {
        return None;
    }
    let digits: String = if whole.contains(',') {
        let groups: Vec<&str> = whole.split(',').collect();
        if groups[0].is_empty() || groups[0].len() > 3 {
            return None;
        }
        if groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
        groups.concat()
    } else {
        whole.to_string()
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let w: u128 = digits.parse().ok()?;
    let f: u128 = frac.parse().ok()?;
    let total = w.checked_mul(100)?.checked_add(f)?;
    if neg {
        if total > (i64::MAX as u128) + 1 {
            return None;
        }
        Some((total as i128).wrapping_neg() as i64)
    } else {
        i64::try_from(total).ok()
    }
}
