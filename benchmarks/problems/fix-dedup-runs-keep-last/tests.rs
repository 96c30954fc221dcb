use solution::*;

#[test]
fn dedup_example() {
    let mut v = vec![1, 1, 2, 2, 2, 1];
    assert_eq!(dedup_runs(&mut v), 3);
    assert_eq!(v, vec![1, 2, 1]);
}

#[test]
fn dedup_edge_cases() {
    let mut e: Vec<i32> = vec![];
    assert_eq!(dedup_runs(&mut e), 0);
    assert!(e.is_empty());
    let mut one = vec![7];
    assert_eq!(dedup_runs(&mut one), 0);
    assert_eq!(one, vec![7]);
    let mut same = vec![4; 6];
    assert_eq!(dedup_runs(&mut same), 5);
    assert_eq!(same, vec![4]);
    let mut distinct = vec![3, 1, 2];
    assert_eq!(dedup_runs(&mut distinct), 0);
    assert_eq!(distinct, vec![3, 1, 2]);
}

#[test]
fn count_runs_cases() {
    assert_eq!(count_runs(&[]), 0);
    assert_eq!(count_runs(&[5]), 1);
    assert_eq!(count_runs(&[1, 1, 2, 2, 2, 1]), 3);
    assert_eq!(count_runs(&[9, 9, 9]), 1);
    assert_eq!(count_runs(&[1, 2, 3, 4]), 4);
}

#[test]
fn keep_last_example() {
    let mut v = vec![("a", 1), ("a", 2), ("b", 3), ("a", 4)];
    dedup_keep_last_by_key(&mut v, |p| p.0);
    assert_eq!(v, vec![("a", 2), ("b", 3), ("a", 4)]);
}

#[test]
fn keep_last_long_runs_and_strings() {
    let mut v: Vec<String> = ["x1", "x2", "x3", "y1", "z1", "z2"].iter().map(|s| s.to_string()).collect();
    dedup_keep_last_by_key(&mut v, |s| s.chars().next());
    assert_eq!(v, vec!["x3", "y1", "z2"]);
    let mut e: Vec<u8> = vec![];
    dedup_keep_last_by_key(&mut e, |x| *x);
    assert!(e.is_empty());
}

#[test]
fn keep_last_by_derived_key() {
    let mut v = vec![10, 12, 14, 3, 5, 8];
    dedup_keep_last_by_key(&mut v, |x| x % 2);
    assert_eq!(v, vec![14, 5, 8]);
}
