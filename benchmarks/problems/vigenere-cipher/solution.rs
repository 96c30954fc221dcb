pub struct Vigenere {
    shifts: Vec<u8>,
}

impl Vigenere {
    pub fn new(key: &str) -> Option<Vigenere> {
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let shifts = key.bytes().map(|b| b.to_ascii_lowercase() - b'a').collect();
        Some(Vigenere { shifts })
    }

    fn apply(&self, text: &str, forward: bool) -> String {
        let mut i = 0;
        text.chars()
            .map(|c| {
                let base = if c.is_ascii_lowercase() {
                    b'a'
                } else if c.is_ascii_uppercase() {
                    b'A'
                } else {
                    return c;
                };
                let k = self.shifts[i % self.shifts.len()];
                i += 1;
                let k = if forward { k } else { (26 - k) % 26 };
                (base + (c as u8 - base + k) % 26) as char
            })
            .collect()
    }

    pub fn encrypt(&self, text: &str) -> String {
        self.apply(text, true)
    }

    pub fn decrypt(&self, text: &str) -> String {
        self.apply(text, false)
    }
}
