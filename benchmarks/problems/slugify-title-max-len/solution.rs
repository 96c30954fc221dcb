pub fn slugify(title: &str, max_len: usize) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.len() <= max_len {
        return slug;
    }
    let cut = &slug[..max_len];
    if slug.as_bytes()[max_len] == b'-' {
        return cut.to_string();
    }
    match cut.rfind('-') {
        Some(i) => cut[..i].to_string(),
        None => cut.to_string(),
    }
}
