use solution::*;

fn g23() -> Vec<Vec<i32>> {
    vec![vec![1, 2, 3], vec![4, 5, 6]]
}

#[test]
fn transpose_rect() {
    assert_eq!(transpose(&g23()), vec![vec![1, 4], vec![2, 5], vec![3, 6]]);
    assert_eq!(transpose(&[vec!['a']]), vec![vec!['a']]);
    assert_eq!(transpose(&[vec![1, 2, 3]]), vec![vec![1], vec![2], vec![3]]);
}

#[test]
fn rotate_clockwise() {
    assert_eq!(rotate_cw(&g23()), vec![vec![4, 1], vec![5, 2], vec![6, 3]]);
    let sq = vec![vec![1, 2], vec![3, 4]];
    assert_eq!(rotate_cw(&sq), vec![vec![3, 1], vec![4, 2]]);
}

#[test]
fn rotate_counter_clockwise() {
    assert_eq!(rotate_ccw(&g23()), vec![vec![3, 6], vec![2, 5], vec![1, 4]]);
    assert_eq!(rotate_ccw(&[vec![1], vec![2], vec![3]]), vec![vec![1, 2, 3]]);
}

#[test]
fn four_rotations_identity() {
    let g = vec![vec![1, 2, 3, 4], vec![5, 6, 7, 8], vec![9, 10, 11, 12]];
    let r = rotate_cw(&rotate_cw(&rotate_cw(&rotate_cw(&g))));
    assert_eq!(r, g);
    assert_eq!(rotate_ccw(&rotate_cw(&g)), g);
    assert_eq!(rotate_cw(&rotate_cw(&g)), vec![vec![12, 11, 10, 9], vec![8, 7, 6, 5], vec![4, 3, 2, 1]]);
}

#[test]
fn flipping() {
    assert_eq!(flip_horizontal(&g23()), vec![vec![3, 2, 1], vec![6, 5, 4]]);
    assert_eq!(flip_horizontal(&flip_horizontal(&g23())), g23());
    let e: Vec<Vec<i32>> = vec![vec![], vec![]];
    assert_eq!(flip_horizontal(&e), e);
}

#[test]
fn empty_grids() {
    let none: Vec<Vec<i32>> = vec![];
    assert_eq!(transpose(&none), none);
    assert_eq!(rotate_cw(&none), none);
    assert_eq!(rotate_ccw(&none), none);
    assert_eq!(flip_horizontal(&none), none);
    let empty_rows: Vec<Vec<i32>> = vec![vec![], vec![], vec![]];
    assert_eq!(transpose(&empty_rows), none);
    assert_eq!(rotate_cw(&empty_rows), none);
    assert_eq!(rotate_ccw(&empty_rows), none);
}

#[test]
fn works_with_strings() {
    let g = vec![vec!["a".to_string(), "b".to_string()]];
    assert_eq!(rotate_cw(&g), vec![vec!["a".to_string()], vec!["b".to_string()]]);
}
