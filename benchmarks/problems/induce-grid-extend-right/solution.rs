pub fn transform(grid: &[Vec<u8>]) -> Vec<Vec<u8>> {
    grid.iter()
        .map(|row| {
            let mut current = 0u8;
            row.iter()
                .map(|&v| {
                    if v != 0 {
                        current = v;
                    }
                    current
                })
                .collect()
        })
        .collect()
}
