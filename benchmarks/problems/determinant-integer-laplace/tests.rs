use solution::*;

#[test]
fn small_determinants() {
    assert_eq!(determinant(&[]), Some(1));
    assert_eq!(determinant(&[vec![-7]]), Some(-7));
    assert_eq!(determinant(&[vec![1, 2], vec![3, 4]]), Some(-2));
    assert_eq!(
        determinant(&[vec![2, -3, 1], vec![2, 0, -1], vec![1, 4, 5]]),
        Some(49)
    );
}

#[test]
fn not_square() {
    assert_eq!(determinant(&[vec![1, 2, 3]]), None);
    assert_eq!(determinant(&[vec![1, 2], vec![3]]), None);
    assert_eq!(determinant(&[vec![1], vec![2]]), None);
    assert_eq!(determinant(&[vec![]]), None);
}

#[test]
fn singular_and_identity() {
    assert_eq!(determinant(&[vec![1, 2, 3], vec![4, 5, 6], vec![7, 8, 9]]), Some(0));
    let id: Vec<Vec<i64>> = (0..6).map(|r| (0..6).map(|c| (r == c) as i64).collect()).collect();
    assert_eq!(determinant(&id), Some(1));
    assert_eq!(determinant(&[vec![0, 0], vec![0, 0]]), Some(0));
}

#[test]
fn row_swap_sign() {
    // permutation matrix of a single swap
    let p = vec![vec![0, 1, 0, 0], vec![1, 0, 0, 0], vec![0, 0, 1, 0], vec![0, 0, 0, 1]];
    assert_eq!(determinant(&p), Some(-1));
    let m = vec![vec![0, 2, 1], vec![3, 0, 0], vec![1, 1, 0]];
    assert_eq!(determinant(&m), Some(3));
}

#[test]
fn larger_matrices() {
    let m = vec![
        vec![3, 2, 0, 1, 4],
        vec![1, -1, 2, 0, 3],
        vec![0, 4, 1, -2, 1],
        vec![5, 0, 3, 1, -1],
        vec![2, 1, 1, 1, 1],
    ];
    assert_eq!(determinant(&m), Some(-238));
    let upper: Vec<Vec<i64>> = (0..6)
        .map(|r| (0..6).map(|c| if c >= r { (c + r + 1) as i64 } else { 0 }).collect())
        .collect();
    // product of the diagonal 1 * 3 * 5 * 7 * 9 * 11
    assert_eq!(determinant(&upper), Some(10395));
}

#[test]
fn overflow_range() {
    assert_eq!(determinant(&[vec![i64::MAX, 1], vec![1, 1]]), Some(i64::MAX - 1));
    assert_eq!(determinant(&[vec![3_037_000_500, 0], vec![0, 3_037_000_500]]), None);
    assert_eq!(determinant(&[vec![i64::MIN, 0], vec![0, 1]]), Some(i64::MIN));
    assert_eq!(determinant(&[vec![i64::MIN, 0], vec![0, -1]]), None);
    let big = vec![vec![1_000_000, 0, 0], vec![0, 1_000_000, 0], vec![0, 0, 1_000_000]];
    assert_eq!(determinant(&big), Some(1_000_000_000_000_000_000));
    let bigger = vec![
        vec![1_000_000, 0, 0, 0],
        vec![0, 1_000_000, 0, 0],
        vec![0, 0, 1_000_000, 0],
        vec![0, 0, 0, 1_000_000],
    ];
    assert_eq!(determinant(&bigger), None);
}

#[test]
fn minors() {
    let m = vec![vec![1, 2, 3], vec![4, 5, 6], vec![7, 8, 9]];
    assert_eq!(minor(&m, 0, 0), vec![vec![5, 6], vec![8, 9]]);
    assert_eq!(minor(&m, 1, 2), vec![vec![1, 2], vec![7, 8]]);
    assert_eq!(minor(&m, 2, 1), vec![vec![1, 3], vec![4, 6]]);
}
