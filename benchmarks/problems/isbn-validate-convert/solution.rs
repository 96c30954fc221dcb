fn cleaned(s: &str) -> Vec<char> {
    s.chars().filter(|&c| c != '-' && c != ' ').collect()
}

pub fn is_valid_isbn10(s: &str) -> bool {
    let c = cleaned(s);
    if c.len() != 10 {
        return false;
    }
    let mut sum = 0u32;
    for (i, &ch) in c.iter().enumerate() {
        let v = match ch {
            '0'..='9' => ch as u32 - '0' as u32,
            'X' if i == 9 => 10,
            _ => return false,
        };
        sum += (10 - i as u32) * v;
    }
    sum % 11 == 0
}

pub fn is_valid_isbn13(s: &str) -> bool {
    let c = cleaned(s);
    if c.len() != 13 || !c.iter().all(|ch| ch.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = c
        .iter()
        .enumerate()
        .map(|(i, ch)| ch.to_digit(10).unwrap() * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    sum % 10 == 0
}

pub fn isbn10_to_isbn13(s: &str) -> Option<String> {
    if !is_valid_isbn10(s) {
        return None;
    }
    let c = cleaned(s);
    let mut out: String = "978".to_string();
    out.extend(c[..9].iter());
    let sum: u32 = out
        .chars()
        .enumerate()
        .map(|(i, ch)| ch.to_digit(10).unwrap() * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    out.push(char::from_digit((10 - sum % 10) % 10, 10).unwrap());
    Some(out)
}
