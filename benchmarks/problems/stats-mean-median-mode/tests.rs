use solution::*;

#[test]
fn empty_inputs() {
    assert_eq!(mean(&[]), None);
    assert_eq!(median(&[]), None);
    assert_eq!(mode(&[]), None);
    assert_eq!(range(&[]), None);
}

#[test]
fn means() {
    assert_eq!(mean(&[4.0]), Some(4.0));
    assert_eq!(mean(&[1.0, 2.0, 3.0, 4.0]), Some(2.5));
    assert_eq!(mean(&[-2.0, 2.0]), Some(0.0));
    let m = mean(&[0.5, 0.25, 0.25]).unwrap();
    assert!((m - 1.0 / 3.0).abs() < 1e-12);
    let m = mean(&[1e9, 1.0, -1e9, 2.0]).unwrap();
    assert!((m - 0.75).abs() < 1e-9);
}

#[test]
fn medians_unsorted_input() {
    assert_eq!(median(&[7.0]), Some(7.0));
    assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
    assert_eq!(median(&[3.0, 1.0, 2.0, 10.0]), Some(2.5));
    assert_eq!(median(&[-1.0, -3.0]), Some(-2.0));
    assert_eq!(median(&[2.0, 2.0, 2.0, 9.0, -9.0]), Some(2.0));
}

#[test]
fn median_does_not_modify_input() {
    let v = vec![9.0, 1.0, 5.0];
    assert_eq!(median(&v), Some(5.0));
    assert_eq!(v, vec![9.0, 1.0, 5.0]);
}

#[test]
fn modes_with_ties() {
    assert_eq!(mode(&[3]), Some(3));
    assert_eq!(mode(&[1, 2, 2, 3]), Some(2));
    assert_eq!(mode(&[4, 1, 4, 1, 7]), Some(1));
    assert_eq!(mode(&[9, 8, 7]), Some(7));
    assert_eq!(mode(&[-5, 5, -5, 5, 0, 0]), Some(-5));
    assert_eq!(mode(&[10, 10, 10, -1, -1]), Some(10));
}

#[test]
fn ranges() {
    assert_eq!(range(&[42]), Some(0));
    assert_eq!(range(&[-5, 3]), Some(8));
    assert_eq!(range(&[3, 9, -2, 4]), Some(11));
    assert_eq!(range(&[i64::MIN, i64::MAX]), Some(u64::MAX));
    assert_eq!(range(&[i64::MIN, 0]), Some(1u64 << 63));
}
