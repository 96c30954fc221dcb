use solution::*;

#[test]
fn pair() {
    assert_eq!(transform(&[4, 4]), vec![4]);
}

#[test]
fn palindrome() {
    assert_eq!(transform(&[1, 2, 3, 2, 1]), vec![3, 2, 1]);
}

#[test]
fn distinct_unchanged() {
    assert_eq!(transform(&[10, 20, 30]), vec![10, 20, 30]);
    assert_eq!(transform(&[]), Vec::<i32>::new());
}

#[test]
fn last_occurrence_decides_position() {
    assert_eq!(transform(&[6, 5, 6, 4, 5, 6, 0]), vec![4, 5, 6, 0]);
    assert_eq!(transform(&[0, 0, -3, 0, -3]), vec![0, -3]);
}

#[test]
fn adjacent_duplicates() {
    assert_eq!(transform(&[3, 3, 2, 2, 1, 1]), vec![3, 2, 1]);
}
