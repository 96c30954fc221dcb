pub fn transform(grid: &[Vec<u8>]) -> Vec<Vec<u8>> {
    todo!("transform {grid:?}")
}
