use solution::*;

#[test]
fn digits_of_numbers() {
    assert_eq!(digits(0), vec![0]);
    assert_eq!(digits(7), vec![7]);
    assert_eq!(digits(9051), vec![9, 0, 5, 1]);
    assert_eq!(digits(1000), vec![1, 0, 0, 0]);
    assert_eq!(
        digits(u64::MAX),
        vec![1, 8, 4, 4, 6, 7, 4, 4, 0, 7, 3, 7, 0, 9, 5, 5, 1, 6, 1, 5]
    );
}

#[test]
fn from_digits_roundtrip() {
    assert_eq!(from_digits(&[]), Some(0));
    assert_eq!(from_digits(&[0, 4, 2]), Some(42));
    assert_eq!(from_digits(&[0, 0, 0]), Some(0));
    for n in [0u64, 5, 10, 99, 12345, 9_007_199_254_740_993, u64::MAX] {
        assert_eq!(from_digits(&digits(n)), Some(n));
    }
}

#[test]
fn from_digits_invalid() {
    assert_eq!(from_digits(&[1, 10, 2]), None);
    assert_eq!(from_digits(&[255]), None);
}

#[test]
fn from_digits_overflow() {
    // u64::MAX + 1
    assert_eq!(from_digits(&[1, 8, 4, 4, 6, 7, 4, 4, 0, 7, 3, 7, 0, 9, 5, 5, 1, 6, 1, 6]), None);
    assert_eq!(from_digits(&[9; 20]), None);
    // 19 nines fit
    assert_eq!(from_digits(&[9; 19]), Some(9_999_999_999_999_999_999));
    // many leading zeros are fine
    let mut v = vec![0u8; 30];
    v.push(3);
    assert_eq!(from_digits(&v), Some(3));
}

#[test]
fn sums() {
    assert_eq!(digit_sum(0), 0);
    assert_eq!(digit_sum(9875), 29);
    assert_eq!(digit_sum(u64::MAX), 87);
}

#[test]
fn roots() {
    assert_eq!(digital_root(0), 0);
    assert_eq!(digital_root(9), 9);
    assert_eq!(digital_root(10), 1);
    assert_eq!(digital_root(9875), 2);
    assert_eq!(digital_root(999_999_999_999), 9);
    assert_eq!(digital_root(u64::MAX), 6);
}
