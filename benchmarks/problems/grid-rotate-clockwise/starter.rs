pub fn transpose<T: Clone>(grid: &[Vec<T>]) -> Vec<Vec<T>> {
    todo!()
}

pub fn rotate_cw<T: Clone>(grid: &[Vec<T>]) -> Vec<Vec<T>> {
    todo!()
}

pub fn rotate_ccw<T: Clone>(grid: &[Vec<T>]) -> Vec<Vec<T>> {
    todo!()
}

pub fn flip_horizontal<T: Clone>(grid: &[Vec<T>]) -> Vec<Vec<T>> {
    todo!()
}
