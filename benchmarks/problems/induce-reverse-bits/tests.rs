use solution::*;

#[test]
fn palindromes_stay() {
    assert_eq!(transform(5), 5);
    assert_eq!(transform(u32::MAX), u32::MAX);
    assert_eq!(transform(0b1000_0000_0000_0001), 0b1000_0000_0000_0001);
}

#[test]
fn powers_of_two_become_one() {
    assert_eq!(transform(1 << 31), 1);
    assert_eq!(transform(1 << 17), 1);
}

#[test]
fn trailing_zeros_dropped() {
    assert_eq!(transform(0b1101000), 0b1011);
}

#[test]
fn general() {
    assert_eq!(transform(0b10110), 0b1101);
    assert_eq!(transform(123_456_789), 88_448_727);
}

#[test]
fn zero() {
    assert_eq!(transform(0), 0);
}
