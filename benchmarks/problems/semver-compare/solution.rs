use std::cmp::Ordering;

struct Ver<'a> {
    nums: [u64; 3],
    pre: Vec<&'a str>,
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn is_numeric(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit())
}

fn parse(s: &str) -> Option<Ver<'_>> {
    let (rest, build) = match s.find('+') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if let Some(b) = build {
        if !b.split('.').all(is_ident) {
            return None;
        }
    }
    let (core, pre) = match rest.find('-') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 {
        return None;
    }
    let mut nums = [0u64; 3];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || !is_numeric(p) || (p.len() > 1 && p.starts_with('0')) {
            return None;
        }
        nums[i] = p.parse().ok()?;
    }
    let mut pre_ids = Vec::new();
    if let Some(p) = pre {
        for id in p.split('.') {
            if !is_ident(id) {
                return None;
            }
            if is_numeric(id) && id.len() > 1 && id.starts_with('0') {
                return None;
            }
            pre_ids.push(id);
        }
    }
    Some(Ver { nums, pre: pre_ids })
}

pub fn is_valid_semver(s: &str) -> bool {
    parse(s).is_some()
}

fn cmp_ident(a: &str, b: &str) -> Ordering {
    match (is_numeric(a), is_numeric(b)) {
        (true, true) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.cmp(b),
    }
}

pub fn compare_semver(a: &str, b: &str) -> Option<Ordering> {
    let va = parse(a)?;
    let vb = parse(b)?;
    let ord = va.nums.cmp(&vb.nums);
    if ord != Ordering::Equal {
        return Some(ord);
    }
    Some(match (va.pre.is_empty(), vb.pre.is_empty()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => {
            for (x, y) in va.pre.iter().zip(vb.pre.iter()) {
                let o = cmp_ident(x, y);
                if o != Ordering::Equal {
                    return Some(o);
                }
            }
            va.pre.len().cmp(&vb.pre.len())
        }
    })
}
