#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<i64>,
}

impl Matrix {
    pub fn new(rows: usize, cols: usize, data: Vec<i64>) -> Option<Matrix> {
        todo!()
    }

    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        todo!()
    }

    pub fn identity(n: usize) -> Matrix {
        todo!()
    }

    pub fn rows(&self) -> usize {
        todo!()
    }

    pub fn cols(&self) -> usize {
        todo!()
    }

    pub fn get(&self, r: usize, c: usize) -> Option<i64> {
        todo!()
    }

    pub fn set(&mut self, r: usize, c: usize, value: i64) -> bool {
        todo!()
    }

    pub fn transpose(&self) -> Matrix {
        todo!()
    }

    pub fn add(&self, other: &Matrix) -> Option<Matrix> {
        todo!()
    }

    pub fn mul(&self, other: &Matrix) -> Option<Matrix> {
        todo!()
    }

    pub fn pow(&self, exp: u32) -> Option<Matrix> {
        todo!()
    }
}
