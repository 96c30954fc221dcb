use solution::*;

fn g(rows: &[&str]) -> Vec<Vec<char>> {
    rows.iter().map(|r| r.chars().collect()).collect()
}

#[test]
fn square_clockwise() {
    assert_eq!(rotate_cw(&g(&["ab", "cd"])), g(&["ca", "db"]));
    assert_eq!(rotate_cw(&g(&["abc", "def", "ghi"])), g(&["gda", "heb", "ifc"]));
}

#[test]
fn rectangle_clockwise() {
    assert_eq!(rotate_cw(&g(&["abc", "def"])), g(&["da", "eb", "fc"]));
    assert_eq!(rotate_cw(&g(&["abcd"])), g(&["a", "b", "c", "d"]));
    assert_eq!(rotate_cw(&g(&["a", "b", "c"])), g(&["cba"]));
}

#[test]
fn empty_grids() {
    assert_eq!(rotate_cw(&[]), Vec::<Vec<char>>::new());
    assert_eq!(rotate_cw(&[vec![], vec![]]), Vec::<Vec<char>>::new());
    assert_eq!(rotate(&[], 3), Vec::<Vec<char>>::new());
}

#[test]
fn positive_turns() {
    let grid = g(&["abc", "def"]);
    assert_eq!(rotate(&grid, 0), grid);
    assert_eq!(rotate(&grid, 2), g(&["fed", "cba"]));
    assert_eq!(rotate(&grid, 4), grid);
    assert_eq!(rotate(&grid, 5), g(&["da", "eb", "fc"]));
}

#[test]
fn negative_turns_go_counter_clockwise() {
    let grid = g(&["abc", "def"]);
    assert_eq!(rotate(&grid, -1), g(&["cf", "be", "ad"]));
    assert_eq!(rotate(&grid, -3), g(&["da", "eb", "fc"]));
    assert_eq!(rotate(&grid, -2), g(&["fed", "cba"]));
}

#[test]
fn extreme_turn_counts() {
    let grid = g(&["xy", "zw", "uv"]);
    assert_eq!(rotate(&grid, i32::MIN), grid);
    assert_eq!(rotate(&grid, i32::MAX), rotate(&grid, 3));
    assert_eq!(rotate(&grid, 3), g(&["ywv", "xzu"]));
}
