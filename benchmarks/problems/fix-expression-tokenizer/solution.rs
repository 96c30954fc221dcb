#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Num(i64),
    Ident(String),
    Op(char),
    LParen,
    RParen,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    UnexpectedChar { pos: usize, ch: char },
    NumberTooLarge { pos: usize },
}

/// Splits an arithmetic expression into tokens.
pub fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    let mut tokens = Vec::new();
    let mut chars = src.char_indices().peekable();
    // (offset of first digit, value so far) of the number being read
    let mut num: Option<(usize, i64)> = None;
    while let Some(&(pos, c)) = chars.peek() {
        if let Some(d) = c.to_digit(10) {
            let (start, n) = num.unwrap_or((pos, 0));
            let next = n
                .checked_mul(10)
                .and_then(|v| v.checked_add(d as i64))
                .ok_or(LexError::NumberTooLarge { pos: start })?;
            num = Some((start, next));
            chars.next();
            continue;
        }
        if let Some((_, n)) = num.take() {
            tokens.push(Token::Num(n));
        }
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut name = String::new();
            while let Some(&(_, c2)) = chars.peek() {
                if c2.is_ascii_alphanumeric() || c2 == '_' {
                    name.push(c2);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token::Ident(name));
        } else if "+-*/%^=".contains(c) {
            tokens.push(Token::Op(c));
            chars.next();
        } else if c == '(' {
            tokens.push(Token::LParen);
            chars.next();
        } else if c == ')' {
            tokens.push(Token::RParen);
            chars.next();
        } else {
            return Err(LexError::UnexpectedChar { pos, ch: c });
        }
    }
    if let Some((_, n)) = num {
        tokens.push(Token::Num(n));
    }
    Ok(tokens)
}
