use solution::*;

#[test]
fn dot_products() {
    assert_eq!(dot(&[1, 2, 3], &[4, 5, 6]), Some(32));
    assert_eq!(dot(&[], &[]), Some(0));
    assert_eq!(dot(&[1, 2], &[1]), None);
    assert_eq!(dot(&[-2, 3], &[5, 5]), Some(5));
}

#[test]
fn dot_overflow() {
    assert_eq!(dot(&[i64::MAX], &[2]), None);
    assert_eq!(dot(&[i64::MAX, 1], &[1, 1]), None);
    assert_eq!(dot(&[i64::MAX, -1], &[1, 1]), Some(i64::MAX - 1));
    assert_eq!(dot(&[i64::MIN], &[1]), Some(i64::MIN));
    assert_eq!(dot(&[i64::MIN], &[-1]), None);
}

#[test]
fn differences() {
    assert_eq!(pairwise_diff(&[1, 4, 2]), Some(vec![3, -2]));
    assert_eq!(pairwise_diff(&[5]), Some(vec![]));
    assert_eq!(pairwise_diff(&[]), Some(vec![]));
    assert_eq!(pairwise_diff(&[i64::MIN, -1]), Some(vec![i64::MAX]));
    assert_eq!(pairwise_diff(&[-1, i64::MAX]), None);
    assert_eq!(pairwise_diff(&[0, i64::MIN]), Some(vec![i64::MIN]));
    assert_eq!(pairwise_diff(&[1, i64::MIN]), None);
}

#[test]
fn prefixes() {
    assert_eq!(prefix_sums(&[3, -1, 4]), vec![0, 3, 2, 6]);
    assert_eq!(prefix_sums(&[]), vec![0]);
    let p = prefix_sums(&[i64::MAX, i64::MAX, i64::MAX]);
    assert_eq!(p[3], 3 * i64::MAX as i128);
}

#[test]
fn ranges() {
    let p = prefix_sums(&[3, -1, 4, 1, 5]);
    assert_eq!(range_sum(&p, 1, 3), Some(3));
    assert_eq!(range_sum(&p, 0, 5), Some(12));
    assert_eq!(range_sum(&p, 2, 2), Some(0));
    assert_eq!(range_sum(&p, 3, 2), None);
    assert_eq!(range_sum(&p, 0, 6), None);
    assert_eq!(range_sum(&[0], 0, 0), Some(0));
}

#[test]
fn increases() {
    assert_eq!(count_increases(&[199, 200, 208, 210, 200, 207, 240, 269, 260, 263]), 7);
    assert_eq!(count_increases(&[]), 0);
    assert_eq!(count_increases(&[1]), 0);
    assert_eq!(count_increases(&[3, 3, 3]), 0);
    assert_eq!(count_increases(&[i64::MIN, i64::MAX]), 1);
}
