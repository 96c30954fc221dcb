/// Truncates `s` to at most `max_chars` chars, marking the cut with '…'.
pub fn truncate(s: &str, max_chars: usize) -> String {
    if s.len() <= max_chars {
        return s.to_string();
    }
    if max_chars == 0 {
        return String::new();
    }
    let mut out = s[..max_chars - 1].to_string();
    out.push('…');
    out
}

/// The last `n` chars of `s`.
pub fn tail_chars(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if n >= count {
        return s;
    }
    let start = s
        .char_indices()
        .nth(count - n - 1)
        .map(|(i, _)| i)
        .unwrap_or(0);
    &s[start..]
}
