use solution::*;

#[test]
fn single_cell_in_corner() {
    let g = vec![vec![0, 0, 0], vec![0, 0, 0], vec![0, 0, 4]];
    assert_eq!(transform(&g), vec![vec![4]]);
}

#[test]
fn box_keeps_inner_zeros() {
    let g = vec![
        vec![0, 0, 0, 0, 0],
        vec![0, 1, 0, 0, 0],
        vec![0, 0, 0, 0, 0],
        vec![0, 0, 0, 2, 0],
        vec![0, 0, 0, 0, 0],
    ];
    let want = vec![vec![1, 0, 0], vec![0, 0, 0], vec![0, 0, 2]];
    assert_eq!(transform(&g), want);
}

#[test]
fn anti_diagonal_corners() {
    let g = vec![vec![0, 0, 0, 3], vec![0, 0, 0, 0], vec![5, 0, 0, 0], vec![0, 0, 0, 0]];
    let want = vec![vec![0, 0, 0, 3], vec![0, 0, 0, 0], vec![5, 0, 0, 0]];
    assert_eq!(transform(&g), want);
}

#[test]
fn all_zero_gives_empty() {
    let g = vec![vec![0; 6]; 4];
    assert_eq!(transform(&g), Vec::<Vec<u8>>::new());
    assert_eq!(transform(&[]), Vec::<Vec<u8>>::new());
}

#[test]
fn nothing_to_trim() {
    let g = vec![vec![1, 0], vec![0, 1]];
    assert_eq!(transform(&g), g);
}

#[test]
fn vertical_strip() {
    let g = vec![vec![0, 6, 0], vec![0, 6, 0], vec![0, 0, 0]];
    assert_eq!(transform(&g), vec![vec![6], vec![6]]);
}
