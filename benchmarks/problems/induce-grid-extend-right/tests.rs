use solution::*;

#[test]
fn each_row_independent() {
    let g = vec![vec![0, 3, 0], vec![4, 0, 0], vec![0, 0, 0]];
    let want = vec![vec![0, 3, 3], vec![4, 4, 4], vec![0, 0, 0]];
    assert_eq!(transform(&g), want);
}

#[test]
fn colours_take_over() {
    let g = vec![vec![1, 0, 2, 0, 0, 3, 0]];
    assert_eq!(transform(&g), vec![vec![1, 1, 2, 2, 2, 3, 3]]);
}

#[test]
fn nothing_spreads_left_or_down() {
    let g = vec![vec![0, 0, 0, 9], vec![0, 0, 0, 0]];
    assert_eq!(transform(&g), g);
}

#[test]
fn full_row_unchanged() {
    let g = vec![vec![1, 2, 3, 4]];
    assert_eq!(transform(&g), g);
    assert_eq!(transform(&[]), Vec::<Vec<u8>>::new());
}

#[test]
fn single_column() {
    let g = vec![vec![5], vec![0], vec![6]];
    assert_eq!(transform(&g), g);
}
