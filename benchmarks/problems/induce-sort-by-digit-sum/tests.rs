use solution::*;

#[test]
fn powers_of_ten_tie() {
    assert_eq!(transform(&[1_000_000_000, 1, 10, 100]), vec![1, 10, 100, 1_000_000_000]);
}

#[test]
fn big_numbers() {
    assert_eq!(transform(&[4_294_967_295, 999_999_999]), vec![4_294_967_295, 999_999_999]);
}

#[test]
fn many_ties() {
    assert_eq!(transform(&[28, 19, 91, 82, 55, 10]), vec![10, 19, 28, 55, 82, 91]);
}

#[test]
fn single_digits() {
    assert_eq!(transform(&[9, 8, 7, 6, 5]), vec![5, 6, 7, 8, 9]);
}

#[test]
fn zeros_and_empty() {
    assert_eq!(transform(&[0, 0, 0]), vec![0, 0, 0]);
    assert_eq!(transform(&[]), Vec::<u32>::new());
}

#[test]
fn mixed() {
    assert_eq!(transform(&[101, 5, 23, 40, 111, 3]), vec![101, 3, 111, 40, 5, 23]);
}
