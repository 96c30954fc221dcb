const MINOR: [&str; 15] = [
    "a", "an", "the", "and", "but", "or", "nor", "for", "of", "on", "in", "at", "to", "by", "as",
];

pub fn title_case(s: &str) -> String {
    // Split into alternating whitespace / word segments, keeping everything.
    let mut segments: Vec<(bool, String)> = Vec::new(); // (is_word, text)
    for c in s.chars() {
        let is_word = !c.is_whitespace();
        match segments.last_mut() {
            Some((w, text)) if *w == is_word => text.push(c),
            _ => segments.push((is_word, c.to_string())),
        }
    }
    let word_idx: Vec<usize> = (0..segments.len()).filter(|&i| segments[i].0).collect();
    let n = word_idx.len();
    let mut prev_colon = false;
    for (k, &i) in word_idx.iter().enumerate() {
        let word = segments[i].1.clone();
        let core = word.trim_matches(|c: char| c.is_ascii_punctuation());
        let minor = k != 0 && k + 1 != n && !prev_colon && MINOR.contains(&core.to_ascii_lowercase().as_str());
        let new = if minor {
            word.to_ascii_lowercase()
        } else if core.is_empty() {
            word.clone()
        } else {
            let start = word.find(core).unwrap();
            let first = core.chars().next().unwrap();
            let mut out = String::new();
            out.push_str(&word[..start]);
            out.push(first.to_ascii_uppercase());
            out.push_str(&word[start + first.len_utf8()..]);
            out
        };
        prev_colon = word.ends_with(':');
        segments[i].1 = new;
    }
    segments.into_iter().map(|(_, t)| t).collect()
}
