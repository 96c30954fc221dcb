pub fn transform(grid: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut bounds: Option<(usize, usize, usize, usize)> = None;
    for (r, row) in grid.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            if v != 0 {
                bounds = Some(match bounds {
                    None => (r, r, c, c),
                    Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
                });
            }
        }
    }
    match bounds {
        None => Vec::new(),
        Some((r0, r1, c0, c1)) => grid[r0..=r1].iter().map(|row| row[c0..=c1].to_vec()).collect(),
    }
}
