/// Truncates `s` to at most `max_chars` chars, marking the cut with '…'.
pub fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    if max_chars == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(max_chars - 1).collect();
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
        .nth(count - n)
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    &s[start..]
}
