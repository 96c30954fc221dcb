use std::cmp::Ordering;

fn norm(seg: &str) -> &str {
    seg.trim_start_matches('0')
}

fn cmp_seg(a: &str, b: &str) -> Ordering {
    let (a, b) = (norm(a), norm(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

pub fn compare_dotted(a: &str, b: &str) -> Ordering {
    let sa: Vec<&str> = a.split('.').collect();
    let sb: Vec<&str> = b.split('.').collect();
    let n = sa.len().max(sb.len());
    for i in 0..n {
        let x = sa.get(i).copied().unwrap_or("");
        let y = sb.get(i).copied().unwrap_or("");
        let o = cmp_seg(x, y);
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

pub fn max_version<'a>(versions: &[&'a str]) -> Option<&'a str> {
    let mut best: Option<&'a str> = None;
    for &v in versions {
        match best {
            None => best = Some(v),
            Some(b) if compare_dotted(v, b) == Ordering::Greater => best = Some(v),
            _ => {}
        }
    }
    best
}
