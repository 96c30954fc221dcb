pub fn transform(a: &[i32], b: &[i32]) -> Vec<i32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut left = a.iter();
    let mut right = b.iter().rev();
    loop {
        match (left.next(), right.next()) {
            (None, None) => break,
            (x, y) => {
                if let Some(x) = x {
                    out.push(*x);
                }
                if let Some(y) = y {
                    out.push(*y);
                }
            }
        }
    }
    out
}
