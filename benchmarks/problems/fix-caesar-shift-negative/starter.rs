/// Rotates ASCII letters by `k` positions within their case.
pub fn shift_letters(text: &str, k: i32) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphabetic() {
                let base = if c.is_uppercase() { b'A' } else { b'a' };
                let off = (c as u8 - base) as i32 + k % 26;
                (base + (off % 26) as u8) as char
            } else {
                c
            }
        })
        .collect()
}
