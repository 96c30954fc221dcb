use solution::*;

#[test]
fn example() {
    assert_eq!(normalize(&[(8, 10), (1, 3), (2, 5), (12, 11)]), vec![(1, 5), (8, 12)]);
}

#[test]
fn adjacency_and_gaps() {
    assert_eq!(normalize(&[(1, 3), (4, 6)]), vec![(1, 6)]);
    assert_eq!(normalize(&[(1, 3), (5, 6)]), vec![(1, 3), (5, 6)]);
    assert_eq!(normalize(&[(1, 3), (3, 3)]), vec![(1, 3)]);
    assert_eq!(normalize(&[(5, 5), (4, 4), (6, 6)]), vec![(4, 6)]);
    assert_eq!(normalize(&[(1, 10), (2, 3), (4, 5)]), vec![(1, 10)]);
}

#[test]
fn empty_and_single() {
    assert_eq!(normalize(&[]), vec![]);
    assert_eq!(normalize(&[(3, -3)]), vec![(-3, 3)]);
    assert_eq!(covered_integers(&[]), 0);
    assert!(!contains(&[], 0));
}

#[test]
fn extremes() {
    assert_eq!(normalize(&[(i64::MAX, i64::MAX), (i64::MIN, i64::MIN)]), vec![(i64::MIN, i64::MIN), (i64::MAX, i64::MAX)]);
    assert_eq!(normalize(&[(0, i64::MAX), (i64::MAX, 5)]), vec![(0, i64::MAX)]);
    assert_eq!(normalize(&[(i64::MIN, -1), (0, i64::MAX)]), vec![(i64::MIN, i64::MAX)]);
    assert_eq!(covered_integers(&[(i64::MIN, i64::MAX)]), 1u128 << 64);
    assert_eq!(covered_integers(&[(i64::MAX, i64::MIN), (0, 0)]), 1u128 << 64);
}

#[test]
fn counting() {
    assert_eq!(covered_integers(&[(1, 3), (2, 5)]), 5);
    assert_eq!(covered_integers(&[(1, 1)]), 1);
    assert_eq!(covered_integers(&[(1, 3), (10, 12), (2, 2)]), 6);
    assert_eq!(covered_integers(&[(-5, 5), (6, 4)]), 12);
}

#[test]
fn membership() {
    let v = [(1, 3), (10, 7)];
    assert!(contains(&v, 1));
    assert!(contains(&v, 3));
    assert!(!contains(&v, 4));
    assert!(contains(&v, 7));
    assert!(contains(&v, 8));
    assert!(contains(&v, 10));
    assert!(!contains(&v, 11));
    assert!(contains(&[(i64::MIN, i64::MAX)], 0));
}
