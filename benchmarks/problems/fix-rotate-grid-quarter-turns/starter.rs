/// Rotates a rectangular grid a quarter turn clockwise.
pub fn rotate_cw(grid: &[Vec<char>]) -> Vec<Vec<char>> {
    let rows = grid.len();
    if rows == 0 {
        return Vec::new();
    }
    let cols = grid[0].len();
    let mut out = vec![vec![' '; cols]; rows];
    for r in 0..rows {
        for c in 0..cols {
            out[c][r] = grid[r][cols - 1 - c];
        }
    }
    out
}

/// Rotates by `quarter_turns` (positive = clockwise, negative = counter-clockwise).
pub fn rotate(grid: &[Vec<char>], quarter_turns: i32) -> Vec<Vec<char>> {
    let mut g = grid.to_vec();
    for _ in 0..(quarter_turns % 4).abs() {
        g = rotate_cw(&g);
    }
    g
}
