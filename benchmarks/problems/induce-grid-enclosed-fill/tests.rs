use solution::*;

#[test]
fn two_rooms_one_open() {
    let g = vec![
        vec![1, 1, 1, 1, 1, 1, 1],
        vec![1, 0, 0, 1, 0, 0, 1],
        vec![1, 0, 0, 1, 0, 0, 0],
        vec![1, 1, 1, 1, 1, 1, 1],
    ];
    let want = vec![
        vec![1, 1, 1, 1, 1, 1, 1],
        vec![1, 2, 2, 1, 0, 0, 1],
        vec![1, 2, 2, 1, 0, 0, 0],
        vec![1, 1, 1, 1, 1, 1, 1],
    ];
    assert_eq!(transform(&g), want);
}

#[test]
fn diagonal_gap_does_not_leak() {
    let g = vec![
        vec![0, 0, 0, 0, 0],
        vec![0, 0, 3, 0, 0],
        vec![0, 3, 0, 3, 0],
        vec![0, 0, 3, 0, 0],
        vec![0, 0, 0, 0, 0],
    ];
    let mut want = g.clone();
    want[2][2] = 2;
    assert_eq!(transform(&g), want);
}

#[test]
fn winding_corridor_reaches_border() {
    let g = vec![
        vec![1, 1, 1, 1, 1],
        vec![1, 0, 0, 0, 1],
        vec![1, 1, 1, 0, 1],
        vec![1, 0, 0, 0, 1],
        vec![1, 0, 1, 1, 1],
    ];
    assert_eq!(transform(&g), g);
}

#[test]
fn nested_rings() {
    let g = vec![
        vec![6, 6, 6, 6, 6, 6, 6],
        vec![6, 0, 0, 0, 0, 0, 6],
        vec![6, 0, 9, 9, 9, 0, 6],
        vec![6, 0, 9, 0, 9, 0, 6],
        vec![6, 0, 9, 9, 9, 0, 6],
        vec![6, 0, 0, 0, 0, 0, 6],
        vec![6, 6, 6, 6, 6, 6, 6],
    ];
    let want = vec![
        vec![6, 6, 6, 6, 6, 6, 6],
        vec![6, 2, 2, 2, 2, 2, 6],
        vec![6, 2, 9, 9, 9, 2, 6],
        vec![6, 2, 9, 2, 9, 2, 6],
        vec![6, 2, 9, 9, 9, 2, 6],
        vec![6, 2, 2, 2, 2, 2, 6],
        vec![6, 6, 6, 6, 6, 6, 6],
    ];
    assert_eq!(transform(&g), want);
}

#[test]
fn no_zeros_and_empty() {
    let g = vec![vec![1, 2], vec![3, 4]];
    assert_eq!(transform(&g), g);
    assert_eq!(transform(&[]), Vec::<Vec<u8>>::new());
}

#[test]
fn single_row_never_enclosed() {
    let g = vec![vec![1, 0, 1, 0, 1]];
    assert_eq!(transform(&g), g);
}
