use solution::*;

fn m(rows: usize, cols: usize, data: &[i64]) -> Matrix {
    Matrix::new(rows, cols, data.to_vec()).unwrap()
}

#[test]
fn construction() {
    assert!(Matrix::new(2, 3, vec![1, 2, 3, 4, 5, 6]).is_some());
    assert!(Matrix::new(2, 3, vec![1, 2, 3, 4, 5]).is_none());
    assert!(Matrix::new(0, 5, vec![]).is_some());
    let a = m(2, 3, &[1, 2, 3, 4, 5, 6]);
    assert_eq!((a.rows(), a.cols()), (2, 3));
    assert_eq!(a.get(1, 0), Some(4));
    assert_eq!(a.get(0, 2), Some(3));
    assert_eq!(a.get(2, 0), None);
    assert_eq!(a.get(0, 3), None);
    assert_eq!(Matrix::zeros(2, 2), m(2, 2, &[0, 0, 0, 0]));
    assert_eq!(Matrix::identity(3), m(3, 3, &[1, 0, 0, 0, 1, 0, 0, 0, 1]));
}

#[test]
fn set_values() {
    let mut a = Matrix::zeros(2, 2);
    assert!(a.set(0, 1, 7));
    assert!(!a.set(2, 0, 9));
    assert!(!a.set(0, 2, 9));
    assert_eq!(a, m(2, 2, &[0, 7, 0, 0]));
}

#[test]
fn transpose_rectangular() {
    let a = m(2, 3, &[1, 2, 3, 4, 5, 6]);
    assert_eq!(a.transpose(), m(3, 2, &[1, 4, 2, 5, 3, 6]));
    assert_eq!(a.transpose().transpose(), a);
    assert_eq!(Matrix::zeros(0, 3).transpose(), Matrix::zeros(3, 0));
}

#[test]
fn addition() {
    let a = m(2, 2, &[1, 2, 3, 4]);
    let b = m(2, 2, &[10, -2, 0, 1]);
    assert_eq!(a.add(&b), Some(m(2, 2, &[11, 0, 3, 5])));
    assert_eq!(a.add(&Matrix::zeros(2, 3)), None);
}

#[test]
fn multiplication() {
    let a = m(2, 3, &[1, 2, 3, 4, 5, 6]);
    let b = m(3, 2, &[7, 8, 9, 10, 11, 12]);
    assert_eq!(a.mul(&b), Some(m(2, 2, &[58, 64, 139, 154])));
    assert_eq!(b.mul(&a), Some(m(3, 3, &[39, 54, 69, 49, 68, 87, 59, 82, 105])));
    assert_eq!(a.mul(&a), None);
    assert_eq!(a.mul(&Matrix::identity(3)), Some(a.clone()));
    assert_eq!(Matrix::identity(2).mul(&a), Some(a.clone()));
}

#[test]
fn multiplication_empty_inner_dimension() {
    let a = Matrix::zeros(2, 0);
    let b = Matrix::zeros(0, 3);
    assert_eq!(a.mul(&b), Some(Matrix::zeros(2, 3)));
    assert_eq!(b.mul(&a), None);
    assert_eq!(Matrix::zeros(0, 2).mul(&Matrix::zeros(2, 4)), Some(Matrix::zeros(0, 4)));
}

#[test]
fn powers() {
    let f = m(2, 2, &[1, 1, 1, 0]);
    assert_eq!(f.pow(0), Some(Matrix::identity(2)));
    assert_eq!(f.pow(1), Some(f.clone()));
    assert_eq!(f.pow(10), Some(m(2, 2, &[89, 55, 55, 34])));
    assert_eq!(f.pow(40).unwrap().get(0, 1), Some(102_334_155));
    assert_eq!(m(2, 3, &[1, 2, 3, 4, 5, 6]).pow(2), None);
    assert_eq!(Matrix::zeros(0, 0).pow(5), Some(Matrix::zeros(0, 0)));
}
