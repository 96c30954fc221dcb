#[derive(Debug, PartialEq, Eq)]
pub enum ExpandError {
    Unclosed,
    BadName(String),
}

fn valid_name(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub fn expand<F: Fn(&str) -> Option<String>>(input: &str, lookup: F) -> Result<String, ExpandError> {
    let mut out = String::new();
    let mut rest = input;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let next = after.chars().next();
        match next {
            Some('$') => {
                out.push('$');
                rest = &after[1..];
            }
            Some('{') => {
                let body_all = &after[1..];
                let close = body_all.find('}').ok_or(ExpandError::Unclosed)?;
                let body = &body_all[..close];
                let (name, default) = match body.find(":-") {
                    Some(d) => (&body[..d], Some(&body[d + 2..])),
                    None => (body, None),
                };
                if !valid_name(name) {
                    return Err(ExpandError::BadName(name.to_string()));
                }
                let val = lookup(name);
                match (val, default) {
                    (Some(v), Some(d)) if v.is_empty() => out.push_str(d),
                    (Some(v), _) => out.push_str(&v),
                    (None, Some(d)) => out.push_str(d),
                    (None, None) => {}
                }
                rest = &body_all[close + 1..];
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                let name = &after[..end];
                if let Some(v) = lookup(name) {
                    out.push_str(&v);
                }
                rest = &after[end..];
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}
