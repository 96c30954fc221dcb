use solution::*;

#[test]
fn exact_results() {
    assert_eq!(apply_bps(10000, 500), Some(500));
    assert_eq!(apply_bps(0, 1234), Some(0));
    assert_eq!(apply_bps(1000, -150), Some(-15));
    assert_eq!(apply_bps(123, 10000), Some(123));
    assert_eq!(apply_bps(123, 0), Some(0));
}

#[test]
fn rounding_halves_away_from_zero() {
    assert_eq!(apply_bps(1, 5000), Some(1));
    assert_eq!(apply_bps(-1, 5000), Some(-1));
    assert_eq!(apply_bps(1, -5000), Some(-1));
    assert_eq!(apply_bps(3, 5000), Some(2));
    assert_eq!(apply_bps(-3, 5000), Some(-2));
    assert_eq!(apply_bps(5, 5000), Some(3));
}

#[test]
fn rounding_not_halves() {
    assert_eq!(apply_bps(250, 825), Some(21));
    assert_eq!(apply_bps(1, 4999), Some(0));
    assert_eq!(apply_bps(-1, 4999), Some(0));
    assert_eq!(apply_bps(1, 5001), Some(1));
    assert_eq!(apply_bps(999, 1), Some(0));
    assert_eq!(apply_bps(-7, 2100), Some(-1)); // -1.47
    assert_eq!(apply_bps(-7, 2200), Some(-2)); // -1.54
}

#[test]
fn no_intermediate_overflow() {
    assert_eq!(apply_bps(i64::MAX, 10000), Some(i64::MAX));
    assert_eq!(apply_bps(i64::MIN, 10000), Some(i64::MIN));
    assert_eq!(apply_bps(i64::MAX, 5000), Some(4611686018427387904));
    assert_eq!(apply_bps(i64::MAX, 20000), None);
    assert_eq!(apply_bps(i64::MIN, -10000), None);
}

#[test]
fn add_percentage_works() {
    assert_eq!(add_percentage(1999, 825), Some(2164)); // 1999 + 164.9175
    assert_eq!(add_percentage(1000, -10000), Some(0));
    assert_eq!(add_percentage(i64::MAX, 1), None);
    assert_eq!(add_percentage(i64::MAX - 1, 1), None); // + 922337203685477.58 -> overflow
    assert_eq!(add_percentage(-500, 1000), Some(-550));
}

#[test]
fn compounding_rounds_each_period() {
    assert_eq!(compound(10000, 500, 3), Some(11576));
    assert_eq!(compound(10000, 500, 0), Some(10000));
    // 100 -> 100 + 0.5 = 101 -> 101 + 0.505 = 102
    assert_eq!(compound(100, 50, 2), Some(102));
    assert_eq!(compound(-100, 50, 2), Some(-102));
    assert_eq!(compound(1_000_000, -1000, 2), Some(810_000));
}

#[test]
fn compounding_overflow() {
    assert_eq!(compound(1 << 60, 10000, 2), Some(1 << 62));
    assert_eq!(compound(1 << 60, 10000, 3), None);
    assert_eq!(compound(0, 10000, 1000), Some(0));
}
