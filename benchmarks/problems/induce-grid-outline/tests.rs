use solution::*;

#[test]
fn filled_rectangle_becomes_frame() {
    let g = vec![vec![7u8; 5]; 4];
    let want = vec![
        vec![7, 7, 7, 7, 7],
        vec![7, 0, 0, 0, 7],
        vec![7, 0, 0, 0, 7],
        vec![7, 7, 7, 7, 7],
    ];
    assert_eq!(transform(&g), want);
}

#[test]
fn diagonal_neighbours_do_not_matter() {
    let g = vec![
        vec![0, 0, 0, 0, 0],
        vec![0, 0, 1, 0, 0],
        vec![0, 1, 1, 1, 0],
        vec![0, 0, 1, 0, 0],
        vec![0, 0, 0, 0, 0],
    ];
    let mut want = g.clone();
    want[2][2] = 0;
    assert_eq!(transform(&g), want);
}

#[test]
fn decision_uses_the_input_not_partial_output() {
    let g = vec![
        vec![0, 2, 2, 2, 0],
        vec![2, 2, 2, 2, 2],
        vec![0, 2, 2, 2, 0],
    ];
    let want = vec![
        vec![0, 2, 2, 2, 0],
        vec![2, 0, 0, 0, 2],
        vec![0, 2, 2, 2, 0],
    ];
    assert_eq!(transform(&g), want);
}

#[test]
fn thin_shapes_unchanged() {
    let g = vec![vec![1, 1, 1], vec![0, 0, 0], vec![1, 1, 1]];
    assert_eq!(transform(&g), g);
    let col = vec![vec![3], vec![3], vec![3]];
    assert_eq!(transform(&col), col);
}

#[test]
fn empty_and_all_zero() {
    assert_eq!(transform(&[]), Vec::<Vec<u8>>::new());
    let z = vec![vec![0u8; 3]; 3];
    assert_eq!(transform(&z), z);
}
