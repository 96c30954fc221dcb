use solution::*;

#[test]
fn example_with_max_value() {
    assert_eq!(histogram(&[0.0, 1.0, 2.5, 9.9, 10.0], 0.0, 10.0, 5), vec![2, 1, 0, 0, 2]);
}

#[test]
fn interior_values() {
    assert_eq!(histogram(&[0.5, 1.5, 1.9, 2.0, 3.99], 0.0, 4.0, 4), vec![1, 2, 1, 1]);
    assert_eq!(histogram(&[], 0.0, 1.0, 3), vec![0, 0, 0]);
}

#[test]
fn out_of_range_ignored() {
    assert_eq!(histogram(&[-1.0, 11.0, -0.001, 10.001], 0.0, 10.0, 2), vec![0, 0]);
    assert_eq!(histogram(&[-5.0, 0.0, 5.0], 0.0, 10.0, 2), vec![1, 1]);
}

#[test]
fn nan_and_infinities_ignored() {
    assert_eq!(
        histogram(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 3.0], 0.0, 10.0, 2),
        vec![1, 0]
    );
}

#[test]
fn negative_range_and_single_bucket() {
    assert_eq!(histogram(&[-10.0, -7.5, -5.0, -0.1, 0.0], -10.0, 0.0, 2), vec![2, 3]);
    assert_eq!(histogram(&[1.0, 2.0, 3.0, 4.0], 1.0, 3.0, 1), vec![3]);
}

#[test]
#[should_panic]
fn zero_buckets_panics() {
    histogram(&[1.0], 0.0, 1.0, 0);
}

#[test]
#[should_panic]
fn empty_range_panics() {
    histogram(&[1.0], 1.0, 1.0, 3);
}
