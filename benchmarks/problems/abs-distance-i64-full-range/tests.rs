use solution::*;

#[test]
fn small_distances() {
    assert_eq!(abs_diff_i64(-3, 4), 7);
    assert_eq!(abs_diff_i64(4, -3), 7);
    assert_eq!(abs_diff_i64(10, 10), 0);
}

#[test]
fn extreme_distances() {
    assert_eq!(abs_diff_i64(i64::MIN, i64::MAX), u64::MAX);
    assert_eq!(abs_diff_i64(i64::MAX, i64::MIN), u64::MAX);
    assert_eq!(abs_diff_i64(i64::MIN, 0), 1 << 63);
    assert_eq!(abs_diff_i64(0, i64::MIN), 1 << 63);
    assert_eq!(abs_diff_i64(i64::MAX, -1), 1 << 63);
    assert_eq!(abs_diff_i64(i64::MIN, i64::MIN), 0);
}

#[test]
fn max_magnitude_cases() {
    assert_eq!(max_magnitude(&[]), None);
    assert_eq!(max_magnitude(&[3, -7, 5]), Some(7));
    assert_eq!(max_magnitude(&[0]), Some(0));
    assert_eq!(max_magnitude(&[i64::MIN]), Some(1 << 63));
    assert_eq!(max_magnitude(&[i64::MAX, i64::MIN, 0]), Some(1 << 63));
    assert_eq!(max_magnitude(&[i64::MAX, -5]), Some(i64::MAX as u64));
}

#[test]
fn total_variation_small() {
    assert_eq!(total_variation(&[]), 0);
    assert_eq!(total_variation(&[42]), 0);
    assert_eq!(total_variation(&[1, 4, 2]), 5);
    assert_eq!(total_variation(&[-5, 5, -5]), 20);
}

#[test]
fn total_variation_exceeds_u64() {
    assert_eq!(total_variation(&[i64::MIN, i64::MAX]), u64::MAX as u128);
    assert_eq!(total_variation(&[i64::MIN, i64::MAX, i64::MIN]), 2 * u64::MAX as u128);
    let v: Vec<i64> = (0..100).map(|i| if i % 2 == 0 { i64::MIN } else { i64::MAX }).collect();
    assert_eq!(total_variation(&v), 99 * u64::MAX as u128);
}
