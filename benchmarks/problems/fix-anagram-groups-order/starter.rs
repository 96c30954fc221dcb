use std::collections::HashMap;

/// Groups anagrams, in order of first appearance.
pub fn group_anagrams(words: &[&str]) -> Vec<Vec<String>> {
    let mut groups: HashMap<Vec<char>, Vec<String>> = HashMap::new();
    for w in words {
        let mut key: Vec<char> = w.chars().collect();
        key.sort();
        groups.entry(key).or_default().push(w.to_string());
    }
    let mut out: Vec<Vec<String>> = groups.into_values().collect();
    out.sort();
    out
}
