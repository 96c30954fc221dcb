use solution::*;

#[test]
fn simple_gain() {
    assert_eq!(apply_gain(&[1000, -3], 3, 2), Some(vec![1500, -4]));
    assert_eq!(apply_gain(&[], 5, 7), Some(vec![]));
    assert_eq!(apply_gain(&[10, 20], 1, 1), Some(vec![10, 20]));
}

#[test]
fn gain_truncates_towards_zero() {
    assert_eq!(apply_gain(&[-3, 3, -1, 1], 1, 2), Some(vec![-1, 1, 0, 0]));
    assert_eq!(apply_gain(&[7, -7], 2, -3), Some(vec![-4, 4]));
}

#[test]
fn zero_denominator() {
    assert_eq!(apply_gain(&[1, 2, 3], 1, 0), None);
    assert_eq!(apply_gain(&[], 0, 0), None);
}

#[test]
fn gain_saturates_instead_of_overflowing() {
    assert_eq!(apply_gain(&[32767], 100_000, 1), Some(vec![32767]));
    assert_eq!(apply_gain(&[-32768], 100_000, 1), Some(vec![-32768]));
    assert_eq!(apply_gain(&[20000, -20000], 2, 1), Some(vec![32767, -32768]));
    assert_eq!(apply_gain(&[-32768], -1, 1), Some(vec![32767]));
    assert_eq!(apply_gain(&[i16::MIN], i32::MIN, -1), Some(vec![i16::MIN]));
    assert_eq!(apply_gain(&[100, -5], i32::MIN, i32::MIN), Some(vec![100, -5]));
    assert_eq!(apply_gain(&[3], i32::MAX, i32::MAX - 1), Some(vec![3]));
    assert_eq!(apply_gain(&[30000], i32::MAX, i32::MIN), Some(vec![-29999]));
}

#[test]
fn mixing() {
    assert_eq!(mix_saturating(&[30000, 1], &[30000]), vec![32767, 1]);
    assert_eq!(mix_saturating(&[-30000], &[-30000, -5, 7]), vec![-32768, -5, 7]);
    assert_eq!(mix_saturating(&[100, -100], &[-100, 100]), vec![0, 0]);
    assert_eq!(mix_saturating(&[], &[]), Vec::<i16>::new());
}

#[test]
fn inversion() {
    assert_eq!(invert(&[1, -1, 0, i16::MAX, i16::MIN]), vec![-1, 1, 0, -32767, 32767]);
    assert_eq!(invert(&[]), Vec::<i16>::new());
}
