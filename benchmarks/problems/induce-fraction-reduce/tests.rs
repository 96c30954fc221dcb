use solution::*;

#[test]
fn already_lowest_terms() {
    assert_eq!(transform(13, 17), (13, 17));
}

#[test]
fn sign_moves_to_first() {
    assert_eq!(transform(48, -180), (-4, 15));
    assert_eq!(transform(-5, -1), (5, 1));
}

#[test]
fn zero_numerator() {
    assert_eq!(transform(0, -1), (0, 1));
    assert_eq!(transform(0, 123_456), (0, 1));
}

#[test]
fn large_values() {
    assert_eq!(transform(i64::MAX, i64::MAX), (1, 1));
    assert_eq!(transform(-1_000_000_000_000, 4_000_000_000_000), (-1, 4));
}

#[test]
fn whole_numbers() {
    assert_eq!(transform(-42, 6), (-7, 1));
    assert_eq!(transform(-42, -42), (1, 1));
}
