use std::collections::{BTreeMap, HashMap};

pub fn invert(scores: &HashMap<String, u32>) -> BTreeMap<u32, Vec<String>> {
    todo!()
}

pub fn merge_totals(a: &HashMap<String, u32>, b: &HashMap<String, u32>) -> HashMap<String, u64> {
    todo!()
}

pub fn leaderboard(scores: &HashMap<String, u32>) -> Vec<(String, u32)> {
    todo!()
}

pub fn at_least(scores: &HashMap<String, u32>, threshold: u32) -> Vec<String> {
    todo!()
}
