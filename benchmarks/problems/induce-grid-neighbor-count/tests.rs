use solution::*;

#[test]
fn plus_shape() {
    let g = vec![vec![0, 1, 0], vec![1, 1, 1], vec![0, 1, 0]];
    let want = vec![vec![3, 3, 3], vec![3, 4, 3], vec![3, 3, 3]];
    assert_eq!(transform(&g), want);
}

#[test]
fn values_do_not_matter_only_nonzero() {
    let g = vec![vec![9, 0], vec![0, 200]];
    let want = vec![vec![1, 2], vec![2, 1]];
    assert_eq!(transform(&g), want);
}

#[test]
fn single_column() {
    let g = vec![vec![1], vec![1], vec![0], vec![1]];
    let want = vec![vec![1], vec![1], vec![2], vec![0]];
    assert_eq!(transform(&g), want);
}

#[test]
fn all_zero_and_empty() {
    let g = vec![vec![0, 0, 0, 0]; 3];
    assert_eq!(transform(&g), g);
    assert_eq!(transform(&[]), Vec::<Vec<u8>>::new());
}

#[test]
fn full_five_by_five() {
    let g = vec![vec![7u8; 5]; 5];
    let want = vec![
        vec![3, 5, 5, 5, 3],
        vec![5, 8, 8, 8, 5],
        vec![5, 8, 8, 8, 5],
        vec![5, 8, 8, 8, 5],
        vec![3, 5, 5, 5, 3],
    ];
    assert_eq!(transform(&g), want);
}
