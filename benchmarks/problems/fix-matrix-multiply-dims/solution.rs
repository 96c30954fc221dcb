/// Multiplies an `n x m` matrix by an `m x p` matrix.
pub fn mat_mul(a: &[Vec<i64>], b: &[Vec<i64>]) -> Option<Vec<Vec<i64>>> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let m = a[0].len();
    let p = b[0].len();
    if m == 0 || p == 0 {
        return None;
    }
    if a.iter().any(|row| row.len() != m) || b.iter().any(|row| row.len() != p) {
        return None;
    }
    if b.len() != m {
        return None;
    }
    let mut out = vec![vec![0; p]; a.len()];
    for i in 0..a.len() {
        for j in 0..p {
            let mut acc = 0;
            for k in 0..m {
                acc += a[i][k] * b[k][j];
            }
            out[i][j] = acc;
        }
    }
    Some(out)
}
