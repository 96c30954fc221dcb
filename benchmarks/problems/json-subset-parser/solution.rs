use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonError {
    UnexpectedEnd,
    UnexpectedChar { pos: usize, ch: char },
    InvalidNumber { pos: usize },
    InvalidEscape { pos: usize },
    DuplicateKey { pos: usize, key: String },
    TooDeep { pos: usize },
    TrailingCharacters { pos: usize },
}

const MAX_DEPTH: usize = 128;

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn ws(&mut self) {
        while let Some(' ' | '\t' | '\n' | '\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn unexpected(&self) -> JsonError {
        match self.peek() {
            None => JsonError::UnexpectedEnd,
            Some(ch) => JsonError::UnexpectedChar { pos: self.pos, ch },
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        match self.peek() {
            None => Err(JsonError::UnexpectedEnd),
            Some('n') => self.literal("null", Json::Null),
            Some('t') => self.literal("true", Json::Bool(true)),
            Some('f') => self.literal("false", Json::Bool(false)),
            Some('"') => Ok(Json::Str(self.string()?)),
            Some('-' | '0'..='9') => self.number(),
            Some('[') => self.array(depth + 1),
            Some('{') => self.object(depth + 1),
            Some(ch) => Err(JsonError::UnexpectedChar { pos: self.pos, ch }),
        }
    }

    fn literal(&mut self, word: &str, v: Json) -> Result<Json, JsonError> {
        for expected in word.chars() {
            match self.peek() {
                None => return Err(JsonError::UnexpectedEnd),
                Some(c) if c == expected => self.pos += 1,
                Some(ch) => return Err(JsonError::UnexpectedChar { pos: self.pos, ch }),
            }
        }
        Ok(v)
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        let bad = JsonError::InvalidNumber { pos: start };
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        let digits_start = self.pos;
        while let Some('0'..='9') = self.peek() {
            self.pos += 1;
        }
        let digits = &self.s[digits_start..self.pos];
        if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
            return Err(bad);
        }
        if let Some('.' | 'e' | 'E') = self.peek() {
            return Err(bad);
        }
        self.s[start..self.pos].parse::<i64>().map(Json::Int).map_err(|_| bad)
    }

    fn hex4(&mut self, esc: usize) -> Result<u32, JsonError> {
        let mut v = 0;
        for _ in 0..4 {
            let c = self.peek().ok_or(JsonError::UnexpectedEnd)?;
            let d = c.to_digit(16).ok_or(JsonError::InvalidEscape { pos: esc })?;
            v = v * 16 + d;
            self.pos += c.len_utf8();
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let c = self.peek().ok_or(JsonError::UnexpectedEnd)?;
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    let esc = self.pos;
                    self.pos += 1;
                    let e = self.peek().ok_or(JsonError::UnexpectedEnd)?;
                    self.pos += e.len_utf8();
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let hi = self.hex4(esc)?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                let bad = JsonError::InvalidEscape { pos: esc };
                                for expected in ['\\', 'u'] {
                                    match self.peek() {
                                        None => return Err(JsonError::UnexpectedEnd),
                                        Some(c) if c == expected => self.pos += 1,
                                        Some(_) => return Err(bad),
                                    }
                                }
                                let lo = self.hex4(esc)?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(bad);
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else if (0xDC00..0xE000).contains(&hi) {
                                return Err(JsonError::InvalidEscape { pos: esc });
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).unwrap());
                        }
                        _ => return Err(JsonError::InvalidEscape { pos: esc }),
                    }
                }
                c if (c as u32) < 0x20 => return Err(JsonError::UnexpectedChar { pos: self.pos, ch: c }),
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::TooDeep { pos: self.pos });
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.ws();
            match self.peek() {
                Some(',') => {
                    self.pos += 1;
                    self.ws();
                }
                Some(']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.unexpected()),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::TooDeep { pos: self.pos });
        }
        self.pos += 1;
        let mut members: Vec<(String, Json)> = Vec::new();
        self.ws();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            if self.peek() != Some('"') {
                return Err(self.unexpected());
            }
            let key_pos = self.pos;
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(JsonError::DuplicateKey { pos: key_pos, key });
            }
            self.ws();
            if self.peek() != Some(':') {
                return Err(self.unexpected());
            }
            self.pos += 1;
            self.ws();
            let v = self.value(depth)?;
            members.push((key, v));
            self.ws();
            match self.peek() {
                Some(',') => {
                    self.pos += 1;
                    self.ws();
                }
                Some('}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.unexpected()),
            }
        }
    }
}

pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut p = Parser { s: text, pos: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.pos < text.len() {
        return Err(JsonError::TrailingCharacters { pos: p.pos });
    }
    Ok(v)
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn at(&self, index: usize) -> Option<&Json> {
        match self {
            Json::Array(items) => items.get(index),
            _ => None,
        }
    }
}

fn write_str(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Int(i) => write!(f, "{i}"),
            Json::Str(s) => write_str(f, s),
            Json::Array(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Json::Object(members) => {
                f.write_str("{")?;
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_str(f, k)?;
                    write!(f, ":{v}")?;
                }
                f.write_str("}")
            }
        }
    }
}
