use solution::*;

#[test]
fn small_ranges() {
    assert_eq!(count_multiples(1, 10, 3), 3);
    assert_eq!(count_multiples(3, 3, 3), 1);
    assert_eq!(count_multiples(4, 5, 3), 0);
    assert_eq!(count_multiples(6, 12, 3), 3);
    assert_eq!(count_multiples(7, 7, 1), 1);
}

#[test]
fn zero_is_a_multiple() {
    assert_eq!(count_multiples(0, 0, 5), 1);
    assert_eq!(count_multiples(0, 4, 5), 1);
    assert_eq!(count_multiples(0, 5, 5), 2);
    assert_eq!(count_multiples(0, 10, 1), 11);
}

#[test]
fn empty_ranges() {
    assert_eq!(count_multiples(10, 1, 2), 0);
    assert_eq!(count_multiples(u64::MAX, 0, 1), 0);
    assert_eq!(inclusive_len(5, 4), 0);
    assert_eq!(inclusive_len(i64::MAX, i64::MIN), 0);
}

#[test]
fn u64_limits() {
    assert_eq!(count_multiples(0, u64::MAX, 1), 1u128 << 64);
    assert_eq!(count_multiples(0, u64::MAX, 2), 1u128 << 63);
    assert_eq!(count_multiples(0, u64::MAX, u64::MAX), 2);
    assert_eq!(count_multiples(1, u64::MAX, u64::MAX), 1);
    assert_eq!(count_multiples(u64::MAX, u64::MAX, u64::MAX), 1);
    assert_eq!(count_multiples(u64::MAX, u64::MAX, 2), 0);
    assert_eq!(count_multiples(1, u64::MAX, 1), u64::MAX as u128);
    assert_eq!(count_multiples(u64::MAX - 9, u64::MAX, 10), 1);
}

#[test]
fn inclusive_len_cases() {
    assert_eq!(inclusive_len(-3, 3), 7);
    assert_eq!(inclusive_len(5, 5), 1);
    assert_eq!(inclusive_len(i64::MIN, i64::MIN), 1);
    assert_eq!(inclusive_len(i64::MIN, i64::MAX), 1u128 << 64);
    assert_eq!(inclusive_len(i64::MIN, -1), 1u128 << 63);
    assert_eq!(inclusive_len(0, i64::MAX), 1u128 << 63);
}

#[test]
#[should_panic]
fn zero_step_panics() {
    count_multiples(1, 2, 0);
}
