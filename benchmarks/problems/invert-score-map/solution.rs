use std::collections::{BTreeMap, HashMap};

pub fn invert(scores: &HashMap<String, u32>) -> BTreeMap<u32, Vec<String>> {
    let mut m: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (name, &s) in scores {
        m.entry(s).or_default().push(name.clone());
    }
    for names in m.values_mut() {
        names.sort();
    }
    m
}

pub fn merge_totals(a: &HashMap<String, u32>, b: &HashMap<String, u32>) -> HashMap<String, u64> {
    let mut m: HashMap<String, u64> = HashMap::new();
    for (k, &v) in a.iter().chain(b.iter()) {
        *m.entry(k.clone()).or_insert(0) += v as u64;
    }
    m
}

pub fn leaderboard(scores: &HashMap<String, u32>) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = scores.iter().map(|(k, &s)| (k.clone(), s)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

pub fn at_least(scores: &HashMap<String, u32>, threshold: u32) -> Vec<String> {
    let mut v: Vec<String> = scores
        .iter()
        .filter(|(_, &s)| s >= threshold)
        .map(|(k, _)| k.clone())
        .collect();
    v.sort();
    v
}
