const ONES: [&str; 20] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [&str; 7] = [
    "", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion",
];

fn spell(n: u64) -> String {
    if n == 0 {
        return "zero".to_string();
    }
    let mut groups = Vec::new();
    let mut m = n;
    while m > 0 {
        groups.push(m % 1000);
        m /= 1000;
    }
    let mut words: Vec<String> = Vec::new();
    for (i, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            continue;
        }
        if g >= 100 {
            words.push(ONES[(g / 100) as usize].to_string());
            words.push("hundred".to_string());
        }
        let r = g % 100;
        if r > 0 {
            if r < 20 {
                words.push(ONES[r as usize].to_string());
            } else if r % 10 == 0 {
                words.push(TENS[(r / 10) as usize].to_string());
            } else {
                words.push(format!("{}-{}", TENS[(r / 10) as usize], ONES[(r % 10) as usize]));
            }
        }
        if i > 0 {
            words.push(SCALES[i].to_string());
        }
    }
    words.join(" ")
}

fn small(word: &str) -> Option<u128> {
    if let Some(i) = ONES.iter().position(|&w| w == word) {
        return Some(i as u128);
    }
    if let Some(i) = TENS.iter().position(|&w| !w.is_empty() && w == word) {
        return Some(i as u128 * 10);
    }
    let (t, o) = word.split_once('-')?;
    Some(small(t)? + small(o)?)
}

pub fn words_to_number(s: &str) -> Option<u64> {
    let lower = s.to_ascii_lowercase();
    if lower.len() > 400 {
        return None;
    }
    let mut total: u128 = 0;
    let mut group: u128 = 0;
    for w in lower.split(' ') {
        if w == "hundred" {
            group = group.checked_mul(100)?;
        } else if let Some(i) = SCALES.iter().position(|&x| !x.is_empty() && x == w) {
            let scale = 1000u128.checked_pow(i as u32)?;
            total = total.checked_add(group.checked_mul(scale)?)?;
            group = 0;
        } else {
            group = group.checked_add(small(w)?)?;
        }
    }
    total = total.checked_add(group)?;
    let n = u64::try_from(total).ok()?;
    if spell(n) == lower {
        Some(n)
    } else {
        None
    }
}
