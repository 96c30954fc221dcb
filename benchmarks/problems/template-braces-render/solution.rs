use std::collections::HashMap;

#[derive(Debug, PartialEq, Eq)]
pub enum TemplateError {
    UnknownKey(String),
    Unclosed(usize),
    UnmatchedClose(usize),
    EmptyKey(usize),
}

pub fn render(template: &str, vars: &HashMap<String, String>) -> Result<String, TemplateError> {
    let b = template.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    let mut lit_start = 0;
    while i < b.len() {
        match b[i] {
            b'{' if i + 1 < b.len() && b[i + 1] == b'{' => {
                out.push_str(&template[lit_start..i]);
                out.push('{');
                i += 2;
                lit_start = i;
            }
            b'}' if i + 1 < b.len() && b[i + 1] == b'}' => {
                out.push_str(&template[lit_start..i]);
                out.push('}');
                i += 2;
                lit_start = i;
            }
            b'{' => {
                out.push_str(&template[lit_start..i]);
                let rest = &template[i + 1..];
                let close = match rest.find('}') {
                    Some(c) => c,
                    None => return Err(TemplateError::Unclosed(i)),
                };
                if rest[..close].contains('{') {
                    return Err(TemplateError::Unclosed(i));
                }
                let key = rest[..close].trim();
                if key.is_empty() {
                    return Err(TemplateError::EmptyKey(i));
                }
                match vars.get(key) {
                    Some(v) => out.push_str(v),
                    None => return Err(TemplateError::UnknownKey(key.to_string())),
                }
                i += 1 + close + 1;
                lit_start = i;
            }
            b'}' => return Err(TemplateError::UnmatchedClose(i)),
            _ => i += 1,
        }
    }
    out.push_str(&template[lit_start..]);
    Ok(out)
}
