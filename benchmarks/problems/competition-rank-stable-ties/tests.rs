use solution::*;
use std::collections::BTreeSet;

fn triples(v: &[Ranked]) -> Vec<(usize, String, u32)> {
    v.iter().map(|r| (r.rank, r.name.clone(), r.score)).collect()
}

fn t(rank: usize, name: &str, score: u32) -> (usize, String, u32) {
    (rank, name.to_string(), score)
}

#[test]
fn example() {
    let got = competition_ranking(&[("cy", 5), ("al", 9), ("bo", 5), ("di", 2)]);
    assert_eq!(
        triples(&got),
        vec![t(1, "al", 9), t(2, "cy", 5), t(2, "bo", 5), t(4, "di", 2)]
    );
}

#[test]
fn empty_and_single() {
    assert!(competition_ranking(&[]).is_empty());
    assert_eq!(triples(&competition_ranking(&[("x", 0)])), vec![t(1, "x", 0)]);
}

#[test]
fn all_tied_keep_input_order() {
    let got = competition_ranking(&[("zed", 3), ("amy", 3), ("max", 3)]);
    assert_eq!(triples(&got), vec![t(1, "zed", 3), t(1, "amy", 3), t(1, "max", 3)]);
}

#[test]
fn ranks_skip_after_ties() {
    let got = competition_ranking(&[("a", 1), ("b", 7), ("c", 7), ("d", 7), ("e", 4), ("f", 4)]);
    assert_eq!(
        triples(&got),
        vec![t(1, "b", 7), t(1, "c", 7), t(1, "d", 7), t(4, "e", 4), t(4, "f", 4), t(6, "a", 1)]
    );
}

#[test]
fn duplicate_names_are_kept() {
    let got = competition_ranking(&[("same", 2), ("same", 5), ("same", 2)]);
    assert_eq!(triples(&got), vec![t(1, "same", 5), t(2, "same", 2), t(2, "same", 2)]);
}

#[test]
fn large_input_is_stable() {
    let names: Vec<String> = (0..300).map(|i| format!("p{:03}", (i * 7919) % 1000)).collect();
    let entries: Vec<(&str, u32)> =
        names.iter().enumerate().map(|(i, n)| (n.as_str(), ((i * 37) % 11) as u32)).collect();
    let got = competition_ranking(&entries);
    let scores: BTreeSet<u32> = entries.iter().map(|e| e.1).collect();
    let mut expected = Vec::new();
    for &s in scores.iter().rev() {
        let rank = 1 + entries.iter().filter(|e| e.1 > s).count();
        for e in entries.iter().filter(|e| e.1 == s) {
            expected.push((rank, e.0.to_string(), s));
        }
    }
    assert_eq!(triples(&got), expected);
}
