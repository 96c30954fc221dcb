#[derive(Debug, PartialEq, Eq)]
pub enum BracketError {
    Unexpected { pos: usize, found: char },
    Mismatched { pos: usize, expected: char, found: char },
    Unclosed { pos: usize, open: char },
}

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

pub fn check_brackets(s: &str) -> Result<(), BracketError> {
    let mut stack: Vec<(usize, char)> = Vec::new();
    for (pos, c) in s.chars().enumerate() {
        match c {
            '(' | '[' | '{' => stack.push((pos, c)),
            ')' | ']' | '}' => match stack.pop() {
                None => return Err(BracketError::Unexpected { pos, found: c }),
                Some((_, o)) if closer(o) != c => {
                    return Err(BracketError::Mismatched { pos, expected: closer(o), found: c })
                }
                Some(_) => {}
            },
            _ => {}
        }
    }
    match stack.first() {
        Some(&(pos, open)) => Err(BracketError::Unclosed { pos, open }),
        None => Ok(()),
    }
}
