fn valid_local(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 64
        && l.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && !l.starts_with('.')
        && !l.ends_with('.')
        && !l.contains("..")
}

fn valid_domain(d: &str) -> bool {
    if d.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = d.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    for l in &labels {
        if l.is_empty()
            || l.len() > 63
            || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            || l.starts_with('-')
            || l.ends_with('-')
        {
            return false;
        }
    }
    let tld = labels[labels.len() - 1];
    tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
}

pub fn is_valid_email(s: &str) -> bool {
    let mut parts = s.split('@');
    let (local, domain) = match (parts.next(), parts.next(), parts.next()) {
        (Some(l), Some(d), None) => (l, d),
        _ => return false,
    };
    valid_local(local) && valid_domain(domain)
}
