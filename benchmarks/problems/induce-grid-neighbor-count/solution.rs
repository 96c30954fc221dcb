pub fn transform(grid: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let rows = grid.len() as i64;
    let mut out = Vec::new();
    for r in 0..rows {
        let cols = grid[r as usize].len() as i64;
        let mut row = Vec::new();
        for c in 0..cols {
            let mut n = 0u8;
            for dr in -1..=1i64 {
                for dc in -1..=1i64 {
                    if dr == 0 && dc == 0 {
                        continue;
                    }
                    let (nr, nc) = (r + dr, c + dc);
                    if nr >= 0 && nr < rows && nc >= 0 && nc < cols && grid[nr as usize][nc as usize] != 0 {
                        n += 1;
                    }
                }
            }
            row.push(n);
        }
        out.push(row);
    }
    out
}
