pub fn transform(num: i64, den: i64) -> (i64, i64) {
    let (mut n, mut d) = (num as i128, den as i128);
    if n == 0 {
        return (0, 1);
    }
    let (mut a, mut b) = (n.abs(), d.abs());
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    n /= a;
    d /= a;
    if d < 0 {
        n = -n;
        d = -d;
    }
    (n as i64, d as i64)
}
