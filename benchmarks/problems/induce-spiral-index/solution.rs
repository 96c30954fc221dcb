pub fn transform(x: i32, y: i32) -> u64 {
    let (x, y) = (x as i64, y as i64);
    let k = x.abs().max(y.abs());
    if k == 0 {
        return 0;
    }
    let base = ((2 * k - 1) * (2 * k - 1)) as u64;
    let offset = if x == k && y > -k {
        y + k - 1
    } else if y == k {
        2 * k - 1 + (k - x)
    } else if x == -k {
        4 * k - 1 + (k - y)
    } else {
        6 * k - 1 + (x + k)
    };
    base + offset as u64
}
