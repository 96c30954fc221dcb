use solution::*;
use std::cell::Cell;

#[test]
fn midpoint_small() {
    assert_eq!(midpoint_floor(1, 4), 2);
    assert_eq!(midpoint_floor(4, 1), 2);
    assert_eq!(midpoint_floor(2, 4), 3);
    assert_eq!(midpoint_floor(-1, 0), -1);
    assert_eq!(midpoint_floor(-3, 0), -2);
    assert_eq!(midpoint_floor(-4, -1), -3);
    assert_eq!(midpoint_floor(-7, 7), 0);
}

#[test]
fn midpoint_extremes() {
    assert_eq!(midpoint_floor(i64::MIN, i64::MAX), -1);
    assert_eq!(midpoint_floor(i64::MAX, i64::MAX), i64::MAX);
    assert_eq!(midpoint_floor(i64::MIN, i64::MIN), i64::MIN);
    assert_eq!(midpoint_floor(i64::MAX, i64::MAX - 1), i64::MAX - 1);
    assert_eq!(midpoint_floor(i64::MIN, i64::MIN + 1), i64::MIN);
    assert_eq!(midpoint_floor(i64::MIN, 0), i64::MIN / 2);
    assert_eq!(midpoint_floor(i64::MAX, 0), i64::MAX / 2);
}

#[test]
fn bisect_full_range() {
    assert_eq!(first_true(i64::MIN, i64::MAX, |x| x >= 0), Some(0));
    assert_eq!(first_true(i64::MIN, i64::MAX, |x| x >= -12345), Some(-12345));
    assert_eq!(first_true(i64::MIN, i64::MAX, |x| x == i64::MAX), Some(i64::MAX));
    assert_eq!(first_true(i64::MIN, i64::MAX, |_| true), Some(i64::MIN));
    assert_eq!(first_true(i64::MIN, i64::MAX, |x| x > i64::MIN), Some(i64::MIN + 1));
}

#[test]
fn bisect_none_cases() {
    assert_eq!(first_true(0, 10, |x| x > 10), None);
    assert_eq!(first_true(i64::MIN, i64::MAX, |_| false), None);
    assert_eq!(first_true(5, 4, |_| true), None);
    assert_eq!(first_true(i64::MAX, i64::MIN, |_| true), None);
}

#[test]
fn bisect_inclusive_bounds() {
    assert_eq!(first_true(3, 3, |x| x == 3), Some(3));
    assert_eq!(first_true(3, 3, |_| false), None);
    assert_eq!(first_true(0, 10, |x| x >= 10), Some(10));
    assert_eq!(first_true(0, 10, |x| x >= 0), Some(0));
    assert_eq!(first_true(i64::MAX - 1, i64::MAX, |x| x == i64::MAX), Some(i64::MAX));
}

#[test]
fn bisect_is_logarithmic_and_stays_in_range() {
    let calls = Cell::new(0u32);
    let lo = -1_000_000_007i64;
    let hi = i64::MAX;
    let got = first_true(lo, hi, |x| {
        calls.set(calls.get() + 1);
        assert!(x >= lo && x <= hi, "pred called outside range: {x}");
        x >= 987_654_321_012
    });
    assert_eq!(got, Some(987_654_321_012));
    assert!(calls.get() <= 70, "{} calls", calls.get());
    calls.set(0);
    assert_eq!(
        first_true(i64::MIN, i64::MAX, |x| {
            calls.set(calls.get() + 1);
            x >= i64::MAX - 3
        }),
        Some(i64::MAX - 3)
    );
    assert!(calls.get() <= 70, "{} calls", calls.get());
}
