pub fn caesar_shift(text: &str, shift: i32) -> String {
    let k = shift.rem_euclid(26) as u8;
    text.chars()
        .map(|c| {
            if c.is_ascii_lowercase() {
                (b'a' + (c as u8 - b'a' + k) % 26) as char
            } else if c.is_ascii_uppercase() {
                (b'A' + (c as u8 - b'A' + k) % 26) as char
            } else {
                c
            }
        })
        .collect()
}
