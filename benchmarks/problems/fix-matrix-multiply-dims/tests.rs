use solution::*;

#[test]
fn square_two_by_two() {
    let a = vec![vec![1, 2], vec![3, 4]];
    let b = vec![vec![5, 6], vec![7, 8]];
    assert_eq!(mat_mul(&a, &b), Some(vec![vec![19, 22], vec![43, 50]]));
}

#[test]
fn row_times_column() {
    let a = vec![vec![1, 2, 3]];
    let b = vec![vec![1], vec![2], vec![3]];
    assert_eq!(mat_mul(&a, &b), Some(vec![vec![14]]));
}

#[test]
fn column_times_row() {
    let a = vec![vec![1], vec![2], vec![3]];
    let b = vec![vec![4, 5]];
    assert_eq!(mat_mul(&a, &b), Some(vec![vec![4, 5], vec![8, 10], vec![12, 15]]));
}

#[test]
fn rectangular_two_by_three_times_three_by_two() {
    let a = vec![vec![1, 0, -2], vec![0, 3, 1]];
    let b = vec![vec![2, 1], vec![-1, 0], vec![4, 5]];
    assert_eq!(mat_mul(&a, &b), Some(vec![vec![-6, -9], vec![1, 5]]));
}

#[test]
fn dimension_mismatch() {
    assert_eq!(mat_mul(&[vec![1, 2]], &[vec![1, 2]]), None);
    let a = vec![vec![1, 2], vec![3, 4]];
    assert_eq!(mat_mul(&a, &[vec![1, 2], vec![3, 4], vec![5, 6]]), None);
}

#[test]
fn invalid_shapes() {
    assert_eq!(mat_mul(&[], &[vec![1]]), None);
    assert_eq!(mat_mul(&[vec![1]], &[]), None);
    assert_eq!(mat_mul(&[vec![]], &[vec![]]), None);
    assert_eq!(mat_mul(&[vec![1, 2], vec![3]], &[vec![1], vec![1]]), None);
    assert_eq!(mat_mul(&[vec![1, 2]], &[vec![1], vec![1, 2]]), None);
}

#[test]
fn identity_is_neutral() {
    let id = vec![vec![1, 0, 0], vec![0, 1, 0], vec![0, 0, 1]];
    let m = vec![vec![2, -3, 4], vec![5, 6, -7], vec![8, 9, 10]];
    assert_eq!(mat_mul(&m, &id), Some(m.clone()));
    assert_eq!(mat_mul(&id, &m), Some(m.clone()));
}
