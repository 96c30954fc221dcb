use solution::*;

#[test]
fn empty_and_single() {
    assert_eq!(transform(&[]), Vec::<i64>::new());
    assert_eq!(transform(&[-1]), vec![-1]);
}

#[test]
fn increasing_evens() {
    assert_eq!(transform(&[2, 4, 6, 8, 10, 12]), vec![2, -2, 4, -4, 6, -6]);
}

#[test]
fn alternating_signs_accumulate() {
    assert_eq!(transform(&[7, -7, 7, -7]), vec![7, 14, 21, 28]);
}

#[test]
fn zeros() {
    assert_eq!(transform(&[0, 0, 0]), vec![0, 0, 0]);
}

#[test]
fn large_values() {
    assert_eq!(
        transform(&[1_000_000_000_000, 1, 2]),
        vec![1_000_000_000_000, 999_999_999_999, 1_000_000_000_001]
    );
}

#[test]
fn length_preserved() {
    let v: Vec<i64> = (1..=9).collect();
    assert_eq!(transform(&v), vec![1, -1, 2, -2, 3, -3, 4, -4, 5]);
}
