use solution::*;

fn lcg_grid(seed: u64, rows: usize, cols: usize, wall_percent: u64) -> Vec<Vec<u8>> {
    let mut x = seed;
    let mut g = vec![vec![b'.'; cols]; rows];
    for r in 0..rows {
        for c in 0..cols {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            if (x >> 33) % 100 < wall_percent {
                g[r][c] = b'#';
            }
        }
    }
    g[0][0] = b'.';
    g[rows - 1][cols - 1] = b'.';
    g
}

fn count(g: &[Vec<u8>]) -> u64 {
    let rows: Vec<String> = g.iter().map(|r| String::from_utf8(r.clone()).unwrap()).collect();
    let refs: Vec<&str> = rows.iter().map(|s| s.as_str()).collect();
    count_paths(&refs)
}

#[test]
fn examples_from_statement() {
    assert_eq!(count_paths(&["...", "...", "..."]), 6);
    assert_eq!(count_paths(&["...", ".#.", "..."]), 2);
    assert_eq!(count_paths(&["*.", "..", ".*"]), 3);
    assert_eq!(count_paths(&[".*.", "...", "*.."]), 0);
}

#[test]
fn degenerate_grids() {
    assert_eq!(count_paths(&[]), 0);
    assert_eq!(count_paths(&[""]), 0);
    assert_eq!(count_paths(&["."]), 1);
    assert_eq!(count_paths(&["*"]), 1);
    assert_eq!(count_paths(&["#"]), 0);
    assert_eq!(count_paths(&["#.", ".."]), 0);
    assert_eq!(count_paths(&["..", ".#"]), 0);
    assert_eq!(count_paths(&["....."]), 1);
}

#[test]
fn single_checkpoint_in_corner_forces_route() {
    assert_eq!(count_paths(&["..*", "...", "..."]), 1);
    assert_eq!(count_paths(&["...", "...", "*.."]), 1);
    assert_eq!(count_paths(&["...", ".*.", "..."]), 4);
}

#[test]
fn walls_can_disconnect() {
    assert_eq!(count_paths(&["..#", ".#.", "#.."]), 0);
    assert_eq!(count_paths(&[".#", ".."]), 1);
}

#[test]
fn rectangular_grids() {
    assert_eq!(count_paths(&[".......", ".......", "......."]), 28);
    assert_eq!(count_paths(&["....#..", ".*.....", "......*"]), 12);
    assert_eq!(count_paths(&["..*..", ".....", "*...."]), 0);
}

#[test]
fn open_grid_needs_modulus() {
    let rows = vec![".".repeat(60); 60];
    let refs: Vec<&str> = rows.iter().map(|s| s.as_str()).collect();
    // C(118, 59) mod 1e9+7
    assert_eq!(count_paths(&refs), 915_884_877);
}

#[test]
fn pseudo_random_walls_and_checkpoints() {
    let g = lcg_grid(2024, 60, 60, 8);
    assert_eq!(count(&g), 305_268_909);
    let mut g2 = g.clone();
    for (r, c) in [(10, 12), (30, 30), (45, 50)] {
        g2[r][c] = b'*';
    }
    assert_eq!(count(&g2), 23_328_913);
    let mut g3 = g2.clone();
    g3[20][5] = b'*'; // left of the checkpoint (10, 12) but below it: no monotone path
    assert_eq!(count(&g3), 0);
    let mut g4 = g2.clone();
    g4[20][20] = b'*';
    assert_eq!(count(&g4), 148_600_356);
}
