/// Centers `s` in `width` chars using `fill` (extra fill goes to the right).
pub fn center(s: &str, width: usize, fill: char) -> String {
    let n = s.chars().count();
    if n >= width {
        return s.to_string();
    }
    let left = (width - n) / 2;
    let right = width - n - left;
    let mut out = String::with_capacity(s.len() + (left + right) * fill.len_utf8());
    out.extend(std::iter::repeat(fill).take(left));
    out.push_str(s);
    out.extend(std::iter::repeat(fill).take(right));
    out
}

/// Cuts `s` into pieces of `width` chars (the last may be shorter).
pub fn wrap_chars(s: &str, width: usize) -> Vec<String> {
    assert!(width > 0, "width must be positive");
    let chars: Vec<char> = s.chars().collect();
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}
