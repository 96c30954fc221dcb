/// Centers `s` in `width` chars using `fill` (extra fill goes to the right).
pub fn center(s: &str, width: usize, fill: char) -> String {
    todo!("center {s:?} in {width} with {fill:?}")
}

/// Cuts `s` into pieces of `width` chars (the last may be shorter).
pub fn wrap_chars(s: &str, width: usize) -> Vec<String> {
    todo!("wrap {s:?} at {width}")
}
