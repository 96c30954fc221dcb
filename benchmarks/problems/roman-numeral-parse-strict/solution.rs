const TABLE: [(u32, &str); 13] = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];

fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for &(v, s) in TABLE.iter() {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn value(c: char) -> Option<u32> {
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

pub fn parse_roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let vals: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total: u32 = 0;
    for i in 0..vals.len() {
        if i + 1 < vals.len() && vals[i] < vals[i + 1] {
            total = total.wrapping_sub(vals[i]);
        } else {
            total = total.wrapping_add(vals[i]);
        }
    }
    if !(1..=3999).contains(&total) {
        return None;
    }
    if to_roman(total) == s {
        Some(total)
    } else {
        None
    }
}
