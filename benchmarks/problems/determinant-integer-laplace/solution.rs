pub fn minor(m: &[Vec<i64>], row: usize, col: usize) -> Vec<Vec<i64>> {
    m.iter()
        .enumerate()
        .filter(|(r, _)| *r != row)
        .map(|(_, line)| {
            line.iter()
                .enumerate()
                .filter(|(c, _)| *c != col)
                .map(|(_, &v)| v)
                .collect()
        })
        .collect()
}

fn det128(m: &[Vec<i64>]) -> i128 {
    let n = m.len();
    match n {
        0 => 1,
        1 => m[0][0] as i128,
        2 => m[0][0] as i128 * m[1][1] as i128 - m[0][1] as i128 * m[1][0] as i128,
        _ => {
            let mut total = 0i128;
            for c in 0..n {
                if m[0][c] == 0 {
                    continue;
                }
                let sub = det128(&minor(m, 0, c));
                let term = m[0][c] as i128 * sub;
                if c % 2 == 0 {
                    total += term;
                } else {
                    total -= term;
                }
            }
            total
        }
    }
}

pub fn determinant(m: &[Vec<i64>]) -> Option<i64> {
    let n = m.len();
    if m.iter().any(|row| row.len() != n) {
        return None;
    }
    i64::try_from(det128(m)).ok()
}
