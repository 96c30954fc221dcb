use solution::*;

#[test]
fn ascending_stable() {
    assert_eq!(argsort(&[30, 10, 20, 10]), vec![1, 3, 2, 0]);
    assert_eq!(argsort(&[]), Vec::<usize>::new());
    assert_eq!(argsort(&[5]), vec![0]);
    assert_eq!(argsort(&[7, 7, 7]), vec![0, 1, 2]);
    assert_eq!(argsort(&[i64::MAX, i64::MIN, 0]), vec![1, 2, 0]);
}

#[test]
fn descending_stable() {
    assert_eq!(argsort_desc(&[30, 10, 20, 10]), vec![0, 2, 1, 3]);
    assert_eq!(argsort_desc(&[7, 7, 7]), vec![0, 1, 2]);
    assert_eq!(argsort_desc(&[1, 3, 1, 3, 2]), vec![1, 3, 4, 0, 2]);
    assert_eq!(argsort_desc(&[]), Vec::<usize>::new());
}

#[test]
fn applying() {
    let v = vec!["a", "b", "c", "d"];
    assert_eq!(apply_permutation(&v, &[3, 0, 2, 1]), vec!["d", "a", "c", "b"]);
    assert_eq!(apply_permutation(&v, &[1, 1]), vec!["b", "b"]);
    assert_eq!(apply_permutation(&v, &[]), Vec::<&str>::new());
    let vals = [30, 10, 20, 10];
    assert_eq!(apply_permutation(&vals, &argsort(&vals)), vec![10, 10, 20, 30]);
}

#[test]
#[should_panic]
fn applying_out_of_range_panics() {
    apply_permutation(&[1, 2], &[2]);
}

#[test]
fn inverses() {
    assert_eq!(inverse_permutation(&[2, 0, 1]), Some(vec![1, 2, 0]));
    assert_eq!(inverse_permutation(&[]), Some(vec![]));
    assert_eq!(inverse_permutation(&[0, 1, 2]), Some(vec![0, 1, 2]));
    assert_eq!(inverse_permutation(&[0, 0]), None);
    assert_eq!(inverse_permutation(&[0, 2]), None);
    assert_eq!(inverse_permutation(&[1, 2, 3]), None);
}

#[test]
fn rank_from_inverse_of_argsort() {
    let vals = [40, 10, 30, 20];
    let order = argsort(&vals);
    let ranks = inverse_permutation(&order).unwrap();
    assert_eq!(ranks, vec![3, 0, 2, 1]);
}
