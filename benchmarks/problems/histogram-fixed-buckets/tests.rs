use solution::*;

#[test]
fn example() {
    let h = histogram(&[0, 9, 10, 25, -1, 30], 0, 10, 3);
    assert_eq!(h, Histogram { counts: vec![2, 1, 1], below: 1, above: 1 });
    assert_eq!(h.total(), 4);
    assert_eq!(h.mode_bucket(), Some(0));
}

#[test]
fn negative_start() {
    let h = histogram(&[-10, -6, -5, -1, 0, 4, 5, -11], -10, 5, 3);
    // [-10,-5): -10,-6 ; [-5,0): -5,-1 ; [0,5): 0,4 ; 5 above ; -11 below
    assert_eq!(h.counts, vec![2, 2, 2]);
    assert_eq!(h.below, 1);
    assert_eq!(h.above, 1);
    assert_eq!(h.mode_bucket(), Some(0));
}

#[test]
fn empty_values() {
    let h = histogram(&[], 0, 1, 4);
    assert_eq!(h.counts, vec![0, 0, 0, 0]);
    assert_eq!(h.total(), 0);
    assert_eq!(h.mode_bucket(), None);
}

#[test]
fn mode_bucket_ties_and_later_max() {
    let h = histogram(&[1, 11, 21, 22, 12], 0, 10, 3);
    assert_eq!(h.counts, vec![1, 2, 2]);
    assert_eq!(h.mode_bucket(), Some(1));
}

#[test]
fn extreme_values() {
    let h = histogram(&[i64::MIN, i64::MAX, 0, -1], i64::MIN, u64::MAX, 2);
    // bucket 0: [MIN, MIN + u64::MAX) = [MIN, MAX) ; bucket 1 contains MAX
    assert_eq!(h.counts, vec![3, 1]);
    assert_eq!(h.below, 0);
    assert_eq!(h.above, 0);
    let h = histogram(&[i64::MAX, i64::MIN], i64::MAX, 1, 1);
    assert_eq!(h.counts, vec![1]);
    assert_eq!(h.below, 1);
}

#[test]
fn ranges() {
    assert_eq!(bucket_range(0, 10, 0), (0, 10));
    assert_eq!(bucket_range(-10, 5, 2), (0, 5));
    assert_eq!(
        bucket_range(i64::MAX, u64::MAX, 1),
        (i64::MAX as i128 + u64::MAX as i128, i64::MAX as i128 + 2 * u64::MAX as i128)
    );
}

#[test]
#[should_panic]
fn zero_width_panics() {
    histogram(&[1], 0, 0, 3);
}

#[test]
#[should_panic]
fn zero_buckets_panics() {
    histogram(&[1], 0, 1, 0);
}
