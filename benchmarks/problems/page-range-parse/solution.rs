#[derive(Debug, PartialEq, Eq)]
pub enum PageError {
    Empty,
    Invalid(String),
    OutOfRange(u32),
    Reversed { start: u32, end: u32 },
}

fn num(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

pub fn parse_pages(spec: &str, max_page: u32) -> Result<Vec<u32>, PageError> {
    if spec.trim().is_empty() {
        return Err(PageError::Empty);
    }
    let mut pages = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        let invalid = || PageError::Invalid(part.to_string());
        let (start, end) = match part.split_once('-') {
            None => {
                let n = num(part).ok_or_else(invalid)?;
                (n, n)
            }
            Some((a, b)) => {
                let (a, b) = (a.trim(), b.trim());
                match (a.is_empty(), b.is_empty()) {
                    (true, true) => return Err(invalid()),
                    (false, true) => (num(a).ok_or_else(invalid)?, max_page),
                    (true, false) => (1, num(b).ok_or_else(invalid)?),
                    (false, false) => (num(a).ok_or_else(invalid)?, num(b).ok_or_else(invalid)?),
                }
            }
        };
        for n in [start, end] {
            if n == 0 || n > max_page {
                return Err(PageError::OutOfRange(n));
            }
        }
        if start > end {
            return Err(PageError::Reversed { start, end });
        }
        pages.extend(start..=end);
    }
    pages.sort_unstable();
    pages.dedup();
    Ok(pages)
}

pub fn format_pages(pages: &[u32]) -> String {
    let mut v = pages.to_vec();
    v.sort_unstable();
    v.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1] == v[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => parts.push(v[i].to_string()),
            1 => {
                parts.push(v[i].to_string());
                parts.push(v[j].to_string());
            }
            _ => parts.push(format!("{}-{}", v[i], v[j])),
        }
        i = j + 1;
    }
    parts.join(",")
}
