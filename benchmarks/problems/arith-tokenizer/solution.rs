#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Int(i64),
    Float(f64),
    Ident(String),
    Op(String),
    LParen,
    RParen,
    Comma,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    UnexpectedChar { pos: usize, ch: char },
    BadNumber { pos: usize },
}

pub fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let c = src[i..].chars().next().unwrap();
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let mut is_float = false;
            if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                is_float = true;
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'_' || b[i] == b'.') {
                return Err(LexError::BadNumber { pos: start });
            }
            let text = &src[start..i];
            if is_float {
                out.push(Token::Float(text.parse().unwrap()));
            } else {
                let v = text.parse::<i64>().map_err(|_| LexError::BadNumber { pos: start })?;
                out.push(Token::Int(v));
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Token::Ident(src[start..i].to_string()));
            continue;
        }
        let two = src.get(i..i + 2).unwrap_or("");
        if ["==", "!=", "<=", ">=", "&&", "||"].contains(&two) {
            out.push(Token::Op(two.to_string()));
            i += 2;
            continue;
        }
        match c {
            '+' | '-' | '*' | '/' | '%' | '^' | '<' | '>' | '!' | '=' => out.push(Token::Op(c.to_string())),
            '(' => out.push(Token::LParen),
            ')' => out.push(Token::RParen),
            ',' => out.push(Token::Comma),
            _ => return Err(LexError::UnexpectedChar { pos: i, ch: c }),
        }
        i += 1;
    }
    Ok(out)
}
