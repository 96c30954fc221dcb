pub fn quote_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn hex4(chars: &[char], i: usize) -> Option<u32> {
    if i + 4 > chars.len() {
        return None;
    }
    let mut v = 0;
    for &c in &chars[i..i + 4] {
        v = v * 16 + c.to_digit(16)?;
    }
    Some(v)
}

pub fn unquote_json(literal: &str) -> Option<String> {
    let chars: Vec<char> = literal.chars().collect();
    if chars.len() < 2 || chars[0] != '"' || chars[chars.len() - 1] != '"' {
        return None;
    }
    let inner = &chars[1..chars.len() - 1];
    let mut out = String::new();
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if c == '"' || (c as u32) < 0x20 {
            return None;
        }
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let e = *inner.get(i + 1)?;
        i += 2;
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
                let v = hex4(inner, i)?;
                i += 4;
                if (0xD800..=0xDBFF).contains(&v) {
                    if inner.get(i) != Some(&'\\') || inner.get(i + 1) != Some(&'u') {
                        return None;
                    }
                    let lo = hex4(inner, i + 2)?;
                    if !(0xDC00..=0xDFFF).contains(&lo) {
                        return None;
                    }
                    i += 6;
                    let cp = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                    out.push(char::from_u32(cp)?);
                } else {
                    out.push(char::from_u32(v)?);
                }
            }
            _ => return None,
        }
    }
    Some(out)
}
