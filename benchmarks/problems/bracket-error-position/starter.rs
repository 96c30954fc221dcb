#[derive(Debug, PartialEq, Eq)]
pub enum BracketError {
    Unexpected { pos: usize, found: char },
    Mismatched { pos: usize, expected: char, found: char },
    Unclosed { pos: usize, open: char },
}

pub fn check_brackets(s: &str) -> Result<(), BracketError> {
    todo!("check {s:?}")
}
