use solution::*;

#[test]
fn single_digits() {
    assert_eq!(transform(8), 64);
    assert_eq!(transform(3), 9);
}

#[test]
fn zeros_contribute_nothing() {
    assert_eq!(transform(1_000_000_000_000), 1);
    assert_eq!(transform(3030), 18);
}

#[test]
fn repeated_ones() {
    assert_eq!(transform(11), 2);
    assert_eq!(transform(111_111), 6);
}

#[test]
fn all_digits() {
    assert_eq!(transform(123_456_789), 285);
}

#[test]
fn largest_value() {
    assert_eq!(transform(u64::MAX), 515);
}
