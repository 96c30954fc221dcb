#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    Empty,
    InvalidChar(usize),
    Overflow,
}

/// Parses an optionally signed decimal i64 with `_` separators between digits.
pub fn parse_i64(s: &str) -> Result<i64, NumError> {
    if s.is_empty() || s == "+" || s == "-" {
        return Err(NumError::Empty);
    }
    let bytes = s.as_bytes();
    let (negative, start) = match bytes[0] {
        b'-' => (true, 1),
        b'+' => (false, 1),
        _ => (false, 0),
    };
    // Syntax pass: byte offsets of non-ASCII chars are never digits or '_', and the first
    // byte of a multi-byte char is reported, which is the char's offset.
    for i in start..bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            continue;
        }
        let ok = b == b'_'
            && i > start
            && bytes[i - 1].is_ascii_digit()
            && i + 1 < bytes.len()
            && bytes[i + 1].is_ascii_digit();
        if !ok {
            return Err(NumError::InvalidChar(i));
        }
    }
    // Value pass: accumulate negatively so that i64::MIN is representable.
    let mut acc: i64 = 0;
    for &b in &bytes[start..] {
        if b == b'_' {
            continue;
        }
        let d = (b - b'0') as i64;
        acc = acc
            .checked_mul(10)
            .and_then(|v| v.checked_sub(d))
            .ok_or(NumError::Overflow)?;
    }
    if negative {
        Ok(acc)
    } else {
        acc.checked_neg().ok_or(NumError::Overflow)
    }
}
