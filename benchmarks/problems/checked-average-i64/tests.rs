use solution::*;

#[test]
fn empty_is_none() {
    assert_eq!(floor_average(&[]), None);
    assert_eq!(nearest_average(&[]), None);
}

#[test]
fn small_values() {
    assert_eq!(floor_average(&[1, 2]), Some(1));
    assert_eq!(nearest_average(&[1, 2]), Some(2));
    assert_eq!(floor_average(&[1, 2, 2]), Some(1));
    assert_eq!(nearest_average(&[1, 2, 2]), Some(2));
    assert_eq!(floor_average(&[-3]), Some(-3));
    assert_eq!(nearest_average(&[4, 4, 4]), Some(4));
}

#[test]
fn negative_rounding() {
    assert_eq!(floor_average(&[-1, -2]), Some(-2));
    assert_eq!(nearest_average(&[-1, -2]), Some(-2));
    assert_eq!(floor_average(&[-1, 0, 0]), Some(-1));
    assert_eq!(nearest_average(&[-1, 0, 0]), Some(0));
    assert_eq!(floor_average(&[5, -2]), Some(1));
    assert_eq!(nearest_average(&[5, -2]), Some(2));
    assert_eq!(nearest_average(&[-5, 2]), Some(-2));
    assert_eq!(floor_average(&[-5, 2]), Some(-2));
}

#[test]
fn sum_would_overflow_i64() {
    assert_eq!(floor_average(&[i64::MAX, i64::MAX]), Some(i64::MAX));
    assert_eq!(nearest_average(&[i64::MAX, i64::MAX]), Some(i64::MAX));
    assert_eq!(floor_average(&[i64::MIN, i64::MIN]), Some(i64::MIN));
    assert_eq!(nearest_average(&[i64::MIN, i64::MIN, i64::MIN]), Some(i64::MIN));
    assert_eq!(floor_average(&[i64::MAX, 1]), Some(4611686018427387904));
    assert_eq!(floor_average(&[i64::MIN, -1]), Some(-4611686018427387905));
    assert_eq!(nearest_average(&[i64::MIN, -1]), Some(-4611686018427387905));
}

#[test]
fn extremes_mixed() {
    assert_eq!(floor_average(&[i64::MIN, i64::MAX]), Some(-1));
    assert_eq!(nearest_average(&[i64::MIN, i64::MAX]), Some(-1));
    assert_eq!(
        floor_average(&[i64::MAX, i64::MAX, i64::MIN]),
        Some(3074457345618258602)
    );
    assert_eq!(
        floor_average(&[i64::MAX, i64::MAX, i64::MAX, -1]),
        Some(6917529027641081855)
    );
}

#[test]
fn many_large_values() {
    let v = vec![i64::MAX - 1; 1000];
    assert_eq!(floor_average(&v), Some(i64::MAX - 1));
    let mut w = vec![i64::MIN; 999];
    w.push(i64::MAX);
    // mean = MIN + (MAX - MIN) / 1000 = MIN + 18446744073709551.615
    assert_eq!(floor_average(&w), Some(i64::MIN + 18446744073709551));
    assert_eq!(nearest_average(&w), Some(i64::MIN + 18446744073709552));
}
