pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Try to decode a reference at the start of `s` (which starts with '&').
/// Returns the decoded char and the byte length consumed.
fn decode_at(s: &str) -> Option<(char, usize)> {
    let semi = s.find(';')?;
    let body = &s[1..semi];
    let c = match body {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let num = body.strip_prefix('#')?;
            let (digits, radix) = if let Some(h) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                (h, 16)
            } else {
                (num, 10)
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            let mut v: u32 = 0;
            for d in digits.chars() {
                v = v.checked_mul(radix)?.checked_add(d.to_digit(radix)?)?;
            }
            if v == 0 {
                return None;
            }
            char::from_u32(v)?
        }
    };
    Some((c, semi + 1))
}

pub fn unescape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().unwrap();
        if c == '&' {
            if let Some((d, len)) = decode_at(rest) {
                out.push(d);
                i += len;
                continue;
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}
