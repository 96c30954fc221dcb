pub const MODULUS: u64 = 1_000_000_007;

pub fn count_paths(grid: &[&str]) -> u64 {
    let cells: Vec<Vec<u8>> = grid.iter().map(|r| r.bytes().collect()).collect();
    let rows = cells.len();
    if rows == 0 || cells[0].is_empty() {
        return 0;
    }
    let cols = cells[0].len();
    // Checkpoints must lie on one monotone chain; sort them and count segment by segment.
    let mut points: Vec<(usize, usize)> = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if cells[r][c] == b'*' {
                points.push((r, c));
            }
        }
    }
    points.sort();
    let mut stops = vec![(0usize, 0usize)];
    stops.extend(points.iter().copied());
    stops.push((rows - 1, cols - 1));
    let mut total = 1u64;
    for w in stops.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b.0 < a.0 || b.1 < a.1 {
            return 0;
        }
        total = total * segment(&cells, a, b) % MODULUS;
        if total == 0 {
            return 0;
        }
    }
    total
}

fn segment(cells: &[Vec<u8>], a: (usize, usize), b: (usize, usize)) -> u64 {
    let h = b.0 - a.0 + 1;
    let w = b.1 - a.1 + 1;
    let mut dp = vec![vec![0u64; w]; h];
    for i in 0..h {
        for j in 0..w {
            if cells[a.0 + i][a.1 + j] == b'#' {
                continue;
            }
            if i == 0 && j == 0 {
                dp[i][j] = 1;
                continue;
            }
            let mut v = 0;
            if i > 0 {
                v += dp[i - 1][j];
            }
            if j > 0 {
                v += dp[i][j - 1];
            }
            dp[i][j] = v % MODULUS;
        }
    }
    dp[h - 1][w - 1]
}
