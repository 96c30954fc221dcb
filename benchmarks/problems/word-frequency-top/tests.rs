use solution::*;

fn v(items: &[(&str, usize)]) -> Vec<(String, usize)> {
    items.iter().map(|(w, c)| (w.to_string(), *c)).collect()
}

#[test]
fn basic_counts_and_ties() {
    assert_eq!(
        top_words("The cat and the hat. THE END", 2),
        v(&[("the", 3), ("and", 1)])
    );
    assert_eq!(
        top_words("b a c b a", 10),
        v(&[("a", 2), ("b", 2), ("c", 1)])
    );
}

#[test]
fn empty_and_zero() {
    assert_eq!(top_words("", 3), v(&[]));
    assert_eq!(top_words("  123 ... !!", 3), v(&[]));
    assert_eq!(top_words("a b c", 0), v(&[]));
}

#[test]
fn apostrophes() {
    assert_eq!(
        top_words("Don't 'quote' me, don't! dont '' rock'n'roll", 10),
        v(&[("don't", 2), ("dont", 1), ("me", 1), ("quote", 1), ("rock'n'roll", 1)])
    );
}

#[test]
fn digits_and_hyphens_separate() {
    assert_eq!(
        top_words("well-known x2y state-of-the-art", 10),
        v(&[("art", 1), ("known", 1), ("of", 1), ("state", 1), ("the", 1), ("well", 1), ("x", 1), ("y", 1)])
    );
}

#[test]
fn non_ascii_separates() {
    assert_eq!(top_words("café cafe naïve", 10), v(&[("caf", 1), ("cafe", 1), ("na", 1), ("ve", 1)]));
}

#[test]
fn case_insensitive_merge() {
    assert_eq!(top_words("Rust RUST rust Go go", 1), v(&[("rust", 3)]));
}
