use solution::*;
use std::collections::HashMap;

fn map(pairs: &[(&str, usize)]) -> HashMap<String, usize> {
    pairs.iter().map(|(w, c)| (w.to_string(), *c)).collect()
}

fn pairs(p: &[(&str, usize)]) -> Vec<(String, usize)> {
    p.iter().map(|(w, c)| (w.to_string(), *c)).collect()
}

#[test]
fn simple_counts() {
    assert_eq!(word_counts("a b a"), map(&[("a", 2), ("b", 1)]));
    assert_eq!(word_counts("one"), map(&[("one", 1)]));
}

#[test]
fn empty_and_punctuation_only() {
    assert!(word_counts("").is_empty());
    assert!(word_counts("  ,.;!  ").is_empty());
    assert!(top_words("", 5).is_empty());
}

#[test]
fn punctuation_and_case() {
    assert_eq!(
        word_counts("The cat; the DOG."),
        map(&[("the", 2), ("cat", 1), ("dog", 1)])
    );
    assert_eq!(
        word_counts("it's well-known: it IS"),
        map(&[("it", 2), ("s", 1), ("well", 1), ("known", 1), ("is", 1)])
    );
}

#[test]
fn digits_and_unicode_letters() {
    assert_eq!(
        word_counts("Über über 42, 42x"),
        map(&[("über", 2), ("42", 1), ("42x", 1)])
    );
}

#[test]
fn top_breaks_ties_alphabetically() {
    assert_eq!(top_words("b a c a b d", 3), pairs(&[("a", 2), ("b", 2), ("c", 1)]));
    assert_eq!(
        top_words("z y x w v u", 4),
        pairs(&[("u", 1), ("v", 1), ("w", 1), ("x", 1)])
    );
}

#[test]
fn top_with_large_n_and_zero() {
    assert_eq!(
        top_words("Red red blue, RED! green blue", 10),
        pairs(&[("red", 3), ("blue", 2), ("green", 1)])
    );
    assert!(top_words("a b c", 0).is_empty());
}
