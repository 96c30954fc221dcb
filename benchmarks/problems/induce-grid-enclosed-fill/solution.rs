pub fn transform(grid: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let rows = grid.len();
    if rows == 0 {
        return Vec::new();
    }
    let cols = grid[0].len();
    let mut outside = vec![vec![false; cols]; rows];
    let mut stack = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if (r == 0 || c == 0 || r == rows - 1 || c == cols - 1) && grid[r][c] == 0 {
                outside[r][c] = true;
                stack.push((r, c));
            }
        }
    }
    while let Some((r, c)) = stack.pop() {
        let mut next = Vec::new();
        if r > 0 {
            next.push((r - 1, c));
        }
        if r + 1 < rows {
            next.push((r + 1, c));
        }
        if c > 0 {
            next.push((r, c - 1));
        }
        if c + 1 < cols {
            next.push((r, c + 1));
        }
        for (nr, nc) in next {
            if grid[nr][nc] == 0 && !outside[nr][nc] {
                outside[nr][nc] = true;
                stack.push((nr, nc));
            }
        }
    }
    let mut out = grid.to_vec();
    for r in 0..rows {
        for c in 0..cols {
            if grid[r][c] == 0 && !outside[r][c] {
                out[r][c] = 2;
            }
        }
    }
    out
}
