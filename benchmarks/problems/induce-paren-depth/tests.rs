use solution::*;

#[test]
fn deep_nesting() {
    assert_eq!(transform("((((()))))"), Some(5));
}

#[test]
fn siblings() {
    assert_eq!(transform("(()())(())"), Some(2));
}

#[test]
fn unbalanced() {
    assert_eq!(transform("x)"), None);
    assert_eq!(transform("((("), None);
    assert_eq!(transform("(a)b)c(d"), None);
}

#[test]
fn other_brackets_ignored() {
    assert_eq!(transform("[[[]]]"), Some(0));
    assert_eq!(transform("{(}[)]"), Some(1));
}

#[test]
fn long_flat() {
    assert_eq!(transform(&"(x)".repeat(500)), Some(1));
}
