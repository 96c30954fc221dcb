pub fn wrap(text: &str, width: usize) -> Vec<String> {
    assert!(width > 0, "width must be positive");
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0usize;
    for word in text.split_whitespace() {
        let wl = word.chars().count();
        if wl > width {
            if cur_len > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_len = 0;
            }
            let chars: Vec<char> = word.chars().collect();
            let mut chunks = chars.chunks(width).peekable();
            while let Some(ch) = chunks.next() {
                let s: String = ch.iter().collect();
                if chunks.peek().is_none() && ch.len() < width {
                    cur = s;
                    cur_len = ch.len();
                } else {
                    lines.push(s);
                }
            }
        } else if cur_len == 0 {
            cur.push_str(word);
            cur_len = wl;
        } else if cur_len + 1 + wl <= width {
            cur.push(' ');
            cur.push_str(word);
            cur_len += 1 + wl;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur.push_str(word);
            cur_len = wl;
        }
    }
    if cur_len > 0 {
        lines.push(cur);
    }
    lines
}
