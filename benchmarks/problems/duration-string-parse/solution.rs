#[derive(Debug, PartialEq, Eq)]
pub enum DurationError {
    Empty,
    InvalidFormat,
    UnitOrder,
    Overflow,
}

pub fn parse_duration(s: &str) -> Result<u64, DurationError> {
    if s.is_empty() {
        return Err(DurationError::Empty);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut total: u64 = 0;
    let mut prev_unit: Option<u64> = None;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(DurationError::InvalidFormat);
        }
        let digits: String = chars[start..i].iter().collect();
        let n: u64 = digits.parse().map_err(|_| DurationError::Overflow)?;
        let unit = match chars.get(i) {
            Some('w') => 604800,
            Some('d') => 86400,
            Some('h') => 3600,
            Some('m') => 60,
            Some('s') => 1,
            _ => return Err(DurationError::InvalidFormat),
        };
        i += 1;
        if let Some(p) = prev_unit {
            if unit >= p {
                return Err(DurationError::UnitOrder);
            }
        }
        prev_unit = Some(unit);
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or(DurationError::Overflow)?;
    }
    Ok(total)
}
