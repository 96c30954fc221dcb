use solution::*;

#[test]
fn only_one_side() {
    assert_eq!(transform(&[7, 8, 9], &[]), vec![7, 8, 9]);
    assert_eq!(transform(&[], &[7, 8, 9]), vec![9, 8, 7]);
}

#[test]
fn equal_lengths() {
    assert_eq!(transform(&[1, 3, 5, 7], &[2, 4, 6, 8]), vec![1, 8, 3, 6, 5, 4, 7, 2]);
}

#[test]
fn second_longer() {
    assert_eq!(transform(&[1, 2], &[3, 4, 5, 6, 7]), vec![1, 7, 2, 6, 5, 4, 3]);
}

#[test]
fn first_longer() {
    assert_eq!(transform(&[5, 5, 5, 5, 5], &[1, 2]), vec![5, 2, 5, 1, 5, 5, 5]);
}

#[test]
fn both_empty() {
    assert_eq!(transform(&[], &[]), Vec::<i32>::new());
}
