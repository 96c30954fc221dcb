use std::collections::HashMap;

/// Counts lowercased alphanumeric words.
pub fn word_counts(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let word = raw.to_lowercase();
        let n = counts.get(&word).copied().unwrap_or(0);
        counts.insert(word, n + 1);
    }
    counts
}

/// The `n` most frequent words, by count descending then word ascending.
pub fn top_words(text: &str, n: usize) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = word_counts(text).into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(n);
    v
}
