pub fn shortest_path_with_keys(grid: &[&str]) -> Option<usize> {
    todo!("BFS over (row, column, keys held) for {} rows", grid.len())
}
