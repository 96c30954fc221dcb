use solution::*;
use std::collections::{BTreeMap, HashMap};

fn map(entries: &[(&str, u32)]) -> HashMap<String, u32> {
    entries.iter().map(|&(k, v)| (k.to_string(), v)).collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn inverting() {
    let m = map(&[("cy", 7), ("bob", 9), ("ann", 7)]);
    let mut expected = BTreeMap::new();
    expected.insert(7, s(&["ann", "cy"]));
    expected.insert(9, s(&["bob"]));
    assert_eq!(invert(&m), expected);
    assert!(invert(&HashMap::new()).is_empty());
}

#[test]
fn inverting_many_names_sorted() {
    let names: Vec<String> = (0..200).map(|i| format!("n{:03}", (i * 77) % 200)).collect();
    let m: HashMap<String, u32> = names.iter().map(|n| (n.clone(), 1)).collect();
    let inv = invert(&m);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(inv[&1], sorted);
}

#[test]
fn merging() {
    let a = map(&[("ann", 3), ("bob", u32::MAX)]);
    let b = map(&[("bob", u32::MAX), ("cy", 1)]);
    let m = merge_totals(&a, &b);
    assert_eq!(m.len(), 3);
    assert_eq!(m["ann"], 3);
    assert_eq!(m["bob"], 2 * u32::MAX as u64);
    assert_eq!(m["cy"], 1);
    assert!(merge_totals(&HashMap::new(), &HashMap::new()).is_empty());
}

#[test]
fn leaderboard_order() {
    let m = map(&[("cy", 7), ("bob", 9), ("ann", 7), ("dee", 0)]);
    assert_eq!(
        leaderboard(&m),
        vec![
            ("bob".to_string(), 9),
            ("ann".to_string(), 7),
            ("cy".to_string(), 7),
            ("dee".to_string(), 0)
        ]
    );
    assert_eq!(leaderboard(&HashMap::new()), vec![]);
}

#[test]
fn thresholds() {
    let m = map(&[("cy", 7), ("bob", 9), ("ann", 7), ("dee", 0)]);
    assert_eq!(at_least(&m, 7), s(&["ann", "bob", "cy"]));
    assert_eq!(at_least(&m, 8), s(&["bob"]));
    assert_eq!(at_least(&m, 0), s(&["ann", "bob", "cy", "dee"]));
    assert_eq!(at_least(&m, 10), Vec::<String>::new());
}
