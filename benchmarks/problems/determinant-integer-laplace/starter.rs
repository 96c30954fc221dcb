pub fn minor(m: &[Vec<i64>], row: usize, col: usize) -> Vec<Vec<i64>> {
    todo!()
}

pub fn determinant(m: &[Vec<i64>]) -> Option<i64> {
    todo!()
}
