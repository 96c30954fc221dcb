pub fn transform(grid: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let rows = grid.len();
    let mut out = grid.to_vec();
    for r in 0..rows {
        let cols = grid[r].len();
        for c in 0..cols {
            if grid[r][c] == 0 {
                continue;
            }
            let interior = r > 0
                && r + 1 < rows
                && c > 0
                && c + 1 < cols
                && grid[r - 1][c] != 0
                && grid[r + 1][c] != 0
                && grid[r][c - 1] != 0
                && grid[r][c + 1] != 0;
            if interior {
                out[r][c] = 0;
            }
        }
    }
    out
}
