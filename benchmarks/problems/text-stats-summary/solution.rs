#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextStats {
    pub chars: usize,
    pub lines: usize,
    pub words: usize,
    pub sentences: usize,
    pub longest_word: Option<String>,
}

pub fn text_stats(text: &str) -> TextStats {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let mut longest: Option<&str> = None;
    for w in &words {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        if longest.map_or(true, |l| core.chars().count() > l.chars().count()) {
            longest = Some(core);
        }
    }
    TextStats {
        chars: text.chars().count(),
        lines: text.lines().count(),
        words: words.len(),
        sentences: text
            .split(|c| c == '.' || c == '!' || c == '?')
            .filter(|p| p.chars().any(char::is_alphanumeric))
            .count(),
        longest_word: longest.map(|s| s.to_string()),
    }
}
