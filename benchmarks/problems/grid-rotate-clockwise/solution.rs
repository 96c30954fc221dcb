fn width<T>(grid: &[Vec<T>]) -> usize {
    grid.first().map_or(0, |r| r.len())
}

pub fn transpose<T: Clone>(grid: &[Vec<T>]) -> Vec<Vec<T>> {
    let w = width(grid);
    (0..w).map(|c| grid.iter().map(|row| row[c].clone()).collect()).collect()
}

pub fn rotate_cw<T: Clone>(grid: &[Vec<T>]) -> Vec<Vec<T>> {
    let w = width(grid);
    (0..w).map(|c| grid.iter().rev().map(|row| row[c].clone()).collect()).collect()
}

pub fn rotate_ccw<T: Clone>(grid: &[Vec<T>]) -> Vec<Vec<T>> {
    let w = width(grid);
    (0..w).rev().map(|c| grid.iter().map(|row| row[c].clone()).collect()).collect()
}

pub fn flip_horizontal<T: Clone>(grid: &[Vec<T>]) -> Vec<Vec<T>> {
    grid.iter().map(|row| row.iter().rev().cloned().collect()).collect()
}
