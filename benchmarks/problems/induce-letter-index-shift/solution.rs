pub fn transform(text: &str) -> String {
    let mut k: u32 = 0;
    text.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                let base = if c.is_ascii_uppercase() { b'A' } else { b'a' } as u32;
                let shifted = (c as u32 - base + k % 26) % 26 + base;
                k += 1;
                char::from_u32(shifted).unwrap()
            } else {
                c
            }
        })
        .collect()
}
