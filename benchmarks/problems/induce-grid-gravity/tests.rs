use solution::*;

#[test]
fn order_within_column_kept() {
    let g = vec![vec![1, 0, 0], vec![0, 0, 4], vec![2, 0, 0], vec![0, 3, 0], vec![5, 0, 0]];
    let want = vec![vec![0, 0, 0], vec![0, 0, 0], vec![1, 0, 0], vec![2, 0, 0], vec![5, 3, 4]];
    assert_eq!(transform(&g), want);
}

#[test]
fn already_settled() {
    let g = vec![vec![0, 0], vec![1, 0], vec![2, 3]];
    assert_eq!(transform(&g), g);
}

#[test]
fn full_column_unchanged() {
    let g = vec![vec![9, 0], vec![8, 1], vec![7, 0]];
    let want = vec![vec![9, 0], vec![8, 0], vec![7, 1]];
    assert_eq!(transform(&g), want);
}

#[test]
fn single_row_and_empty() {
    assert_eq!(transform(&[vec![0, 5, 0]]), vec![vec![0, 5, 0]]);
    assert_eq!(transform(&[]), Vec::<Vec<u8>>::new());
}

#[test]
fn wide_grid() {
    let g = vec![vec![1, 2, 3, 4, 5, 6], vec![0, 0, 0, 0, 0, 0], vec![0, 7, 0, 8, 0, 0]];
    let want = vec![vec![0, 0, 0, 0, 0, 0], vec![0, 2, 0, 4, 0, 0], vec![1, 7, 3, 8, 5, 6]];
    assert_eq!(transform(&g), want);
}
