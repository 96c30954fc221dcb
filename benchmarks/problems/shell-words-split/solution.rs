#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    UnclosedSingle,
    UnclosedDouble,
    TrailingBackslash,
}

pub fn split_words(s: &str) -> Result<Vec<String>, SplitError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\\' => {
                let n = chars.next().ok_or(SplitError::TrailingBackslash)?;
                cur.push(n);
                in_word = true;
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(SplitError::UnclosedSingle),
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(SplitError::UnclosedDouble),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            None => return Err(SplitError::UnclosedDouble),
                            Some(x) if x == '"' || x == '\\' => cur.push(x),
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                        },
                        Some(x) => cur.push(x),
                    }
                }
            }
            _ => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}
