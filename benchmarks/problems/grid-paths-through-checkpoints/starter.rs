pub const MODULUS: u64 = 1_000_000_007;

pub fn count_paths(grid: &[&str]) -> u64 {
    todo!("count paths in a grid with {} rows", grid.len())
}
