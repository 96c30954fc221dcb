fn value(c: char) -> Option<i64> {
    Some(match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => return None,
    })
}

/// Evaluates a Roman numeral (subtractive notation, no canonical-form check).
pub fn roman_to_int(s: &str) -> Option<u32> {
    let vals: Vec<i64> = s.chars().map(value).collect::<Option<Vec<_>>>()?;
    if vals.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    for i in 0..vals.len() {
        if i + 1 < vals.len() && vals[i] < vals[i + 1] {
            total -= vals[i];
        } else {
            total += vals[i];
        }
    }
    u32::try_from(total).ok()
}
