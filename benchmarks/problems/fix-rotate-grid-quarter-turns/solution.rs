/// Rotates a rectangular grid a quarter turn clockwise.
pub fn rotate_cw(grid: &[Vec<char>]) -> Vec<Vec<char>> {
    let rows = grid.len();
    if rows == 0 || grid[0].is_empty() {
        return Vec::new();
    }
    let cols = grid[0].len();
    let mut out = vec![vec![' '; rows]; cols];
    for r in 0..rows {
        for c in 0..cols {
            out[c][rows - 1 - r] = grid[r][c];
        }
    }
    out
}

/// Rotates by `quarter_turns` (positive = clockwise, negative = counter-clockwise).
pub fn rotate(grid: &[Vec<char>], quarter_turns: i32) -> Vec<Vec<char>> {
    let turns = quarter_turns.rem_euclid(4);
    if turns == 0 && (grid.is_empty() || grid[0].is_empty()) {
        return Vec::new();
    }
    let mut g = grid.to_vec();
    for _ in 0..turns {
        g = rotate_cw(&g);
    }
    g
}
