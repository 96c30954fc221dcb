use solution::*;

#[test]
fn unions() {
    assert_eq!(union(&[3, 1, 3], &[2, 1]), vec![1, 2, 3]);
    assert_eq!(union(&[], &[]), Vec::<i32>::new());
    assert_eq!(union(&[], &[5, 5]), vec![5]);
    assert_eq!(union(&[i32::MAX, i32::MIN], &[0]), vec![i32::MIN, 0, i32::MAX]);
}

#[test]
fn intersections() {
    assert_eq!(intersection(&[1, 2, 2, 3], &[3, 2, 2, 9]), vec![2, 3]);
    assert_eq!(intersection(&[1, 2], &[3, 4]), Vec::<i32>::new());
    assert_eq!(intersection(&[], &[1]), Vec::<i32>::new());
}

#[test]
fn differences() {
    assert_eq!(difference(&[5, 1, 5, 2], &[2]), vec![1, 5]);
    assert_eq!(difference(&[1, 2], &[1, 2, 3]), Vec::<i32>::new());
    assert_eq!(difference(&[4, 4], &[]), vec![4]);
    assert_eq!(symmetric_difference(&[1, 2, 3, 3], &[3, 4, 4]), vec![1, 2, 4]);
    assert_eq!(symmetric_difference(&[7], &[7, 7]), Vec::<i32>::new());
}

#[test]
fn subsets() {
    assert!(is_subset(&[], &[]));
    assert!(is_subset(&[], &[1]));
    assert!(is_subset(&[2, 2, 1], &[1, 2]));
    assert!(!is_subset(&[1, 4], &[1, 2, 3]));
    assert!(!is_subset(&[1], &[]));
}

#[test]
fn jaccard_index() {
    assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
    assert_eq!(jaccard(&[], &[]), 1.0);
    assert_eq!(jaccard(&[1], &[]), 0.0);
    assert_eq!(jaccard(&[1, 1, 2], &[2, 1]), 1.0);
    assert_eq!(jaccard(&[1, 2, 3, 4], &[4]), 0.25);
}

#[test]
fn large_inputs() {
    let a: Vec<i32> = (0..100_000).map(|i| (i * 7) % 100_000).collect();
    let b: Vec<i32> = (0..100_000).map(|i| i * 2).collect();
    let inter = intersection(&a, &b);
    assert_eq!(inter.len(), 50_000);
    assert_eq!(union(&a, &b).len(), 150_000);
    assert_eq!(difference(&a, &b).len(), 50_000);
    assert_eq!(symmetric_difference(&a, &b).len(), 100_000);
    assert!(is_subset(&inter, &a));
}
