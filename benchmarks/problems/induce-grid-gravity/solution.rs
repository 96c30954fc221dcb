pub fn transform(grid: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let rows = grid.len();
    if rows == 0 {
        return Vec::new();
    }
    let cols = grid[0].len();
    let mut out = vec![vec![0u8; cols]; rows];
    for c in 0..cols {
        let column: Vec<u8> = (0..rows).map(|r| grid[r][c]).filter(|&v| v != 0).collect();
        let offset = rows - column.len();
        for (k, v) in column.into_iter().enumerate() {
            out[offset + k][c] = v;
        }
    }
    out
}
