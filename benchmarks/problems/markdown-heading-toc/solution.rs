use std::collections::HashMap;

pub fn table_of_contents(markdown: &str) -> String {
    let mut in_code = false;
    let mut heads: Vec<(usize, String)> = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes == 0 || hashes > 6 {
            continue;
        }
        let rest = &line[hashes..];
        if !rest.starts_with(' ') {
            continue;
        }
        let text = rest.trim();
        if text.is_empty() {
            continue;
        }
        heads.push((hashes, text.to_string()));
    }
    let min = match heads.iter().map(|h| h.0).min() {
        Some(m) => m,
        None => return String::new(),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = String::new();
    for (level, text) in heads {
        let mut anchor = String::new();
        for c in text.to_lowercase().chars() {
            if c == ' ' {
                anchor.push('-');
            } else if c.is_alphanumeric() || c == '-' || c == '_' {
                anchor.push(c);
            }
        }
        let count = seen.entry(anchor.clone()).or_insert(0);
        if *count > 0 {
            anchor = format!("{anchor}-{count}");
        }
        *count += 1;
        out.push_str(&" ".repeat(2 * (level - min)));
        out.push_str(&format!("- [{text}](#{anchor})\n"));
    }
    out
}
