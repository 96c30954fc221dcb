use std::collections::HashMap;

/// Groups anagrams, in order of first appearance.
pub fn group_anagrams(words: &[&str]) -> Vec<Vec<String>> {
    let mut index: HashMap<Vec<char>, usize> = HashMap::new();
    let mut out: Vec<Vec<String>> = Vec::new();
    for w in words {
        let mut key: Vec<char> = w.to_lowercase().chars().collect();
        key.sort();
        let slot = *index.entry(key).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        out[slot].push(w.to_string());
    }
    out
}
