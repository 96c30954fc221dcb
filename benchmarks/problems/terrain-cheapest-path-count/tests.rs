use solution::*;

#[test]
fn examples_from_statement() {
    assert_eq!(cheapest_paths(&["111", "111", "111"]), Some((4, 6)));
    assert_eq!(cheapest_paths(&["19", "11"]), Some((2, 1)));
    assert_eq!(cheapest_paths(&["1#", "#1"]), None);
    assert_eq!(cheapest_paths(&["1#111", "1#1#1", "111#1"]), Some((10, 1)));
}

#[test]
fn degenerate_grids() {
    assert_eq!(cheapest_paths(&[]), None);
    assert_eq!(cheapest_paths(&[""]), None);
    assert_eq!(cheapest_paths(&["5"]), Some((0, 1)));
    assert_eq!(cheapest_paths(&["#"]), None);
    assert_eq!(cheapest_paths(&["#1", "11"]), None);
    assert_eq!(cheapest_paths(&["11", "1#"]), None);
    assert_eq!(cheapest_paths(&["123"]), Some((5, 1)));
}

#[test]
fn ties_are_counted() {
    assert_eq!(cheapest_paths(&["12", "21"]), Some((3, 2)));
    assert_eq!(cheapest_paths(&["111", "1#1", "111"]), Some((4, 2)));
    assert_eq!(cheapest_paths(&["2222", "2222", "2222"]), Some((10, 10)));
    assert_eq!(cheapest_paths(&["1111", "1991", "1111"]), Some((5, 2)));
}

#[test]
fn start_cost_is_not_paid_end_cost_is() {
    assert_eq!(cheapest_paths(&["9#1", "111", "1#9"]), Some((12, 1)));
    assert_eq!(cheapest_paths(&["91", "19"]), Some((10, 2)));
}

#[test]
fn detours_can_be_cheaper() {
    assert_eq!(cheapest_paths(&["11111", "19991", "11111"]), Some((6, 2)));
    assert_eq!(cheapest_paths(&["111111", "999991", "111111"]), Some((7, 1)));
    assert_eq!(cheapest_paths(&["1919", "1111", "9191"]), Some((5, 1)));
}

#[test]
fn large_open_grid_needs_modulus() {
    let rows = vec!["1".repeat(100); 100];
    let refs: Vec<&str> = rows.iter().map(|s| s.as_str()).collect();
    // every monotone path costs 198; C(198, 99) mod 1e9+7
    assert_eq!(cheapest_paths(&refs), Some((198, 690_285_631)));
}

#[test]
fn pseudo_random_terrain() {
    let mut x = 77u64;
    let mut rows: Vec<Vec<u8>> = Vec::new();
    for _ in 0..80 {
        let mut row = Vec::new();
        for _ in 0..80 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let v = (x >> 33) % 10;
            row.push(if v == 0 { b'#' } else if v < 7 { b'1' } else { b'2' });
        }
        rows.push(row);
    }
    rows[0][0] = b'1';
    rows[79][79] = b'1';
    let strings: Vec<String> = rows.into_iter().map(|r| String::from_utf8(r).unwrap()).collect();
    let refs: Vec<&str> = strings.iter().map(|s| s.as_str()).collect();
    assert_eq!(cheapest_paths(&refs), Some((169, 68_045_821)));
}
