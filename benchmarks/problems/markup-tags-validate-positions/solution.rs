#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub elements: usize,
    pub max_depth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkupError {
    MalformedTag { pos: usize },
    UnexpectedClose { pos: usize, name: String },
    MismatchedClose { pos: usize, expected: String, found: String },
    Unclosed { pos: usize, name: String },
}

enum Tag {
    Open(String),
    Close(String),
    SelfClosing,
}

/// Parses a tag starting at chars[i] == '<'; returns the tag and the index after '>'.
fn parse_tag(chars: &[char], i: usize) -> Option<(Tag, usize)> {
    let mut j = i + 1;
    let closing = chars.get(j) == Some(&'/');
    if closing {
        j += 1;
    }
    let first = *chars.get(j)?;
    if !first.is_ascii_lowercase() {
        return None;
    }
    let start = j;
    while j < chars.len() && (chars[j].is_ascii_lowercase() || chars[j].is_ascii_digit()) {
        j += 1;
    }
    let name: String = chars[start..j].iter().collect();
    match chars.get(j)? {
        '>' => Some((if closing { Tag::Close(name) } else { Tag::Open(name) }, j + 1)),
        '/' if !closing && chars.get(j + 1) == Some(&'>') => Some((Tag::SelfClosing, j + 2)),
        _ => None,
    }
}

pub fn validate(doc: &str) -> Result<Summary, MarkupError> {
    let chars: Vec<char> = doc.chars().collect();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut elements = 0;
    let mut max_depth = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '<' {
            i += 1;
            continue;
        }
        let (tag, next) = parse_tag(&chars, i).ok_or(MarkupError::MalformedTag { pos: i })?;
        match tag {
            Tag::Open(name) => {
                stack.push((name, i));
                max_depth = max_depth.max(stack.len());
            }
            Tag::SelfClosing => {
                elements += 1;
                max_depth = max_depth.max(stack.len() + 1);
            }
            Tag::Close(name) => match stack.pop() {
                None => return Err(MarkupError::UnexpectedClose { pos: i, name }),
                Some((open, _)) if open != name => {
                    return Err(MarkupError::MismatchedClose { pos: i, expected: open, found: name })
                }
                Some(_) => elements += 1,
            },
        }
        i = next;
    }
    if let Some((name, pos)) = stack.pop() {
        return Err(MarkupError::Unclosed { pos, name });
    }
    Ok(Summary { elements, max_depth })
}
