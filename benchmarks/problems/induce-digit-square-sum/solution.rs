pub fn transform(n: u64) -> u64 {
    let mut n = n;
    let mut total = 0;
    while n > 0 {
        let d = n % 10;
        total += d * d;
        n /= 10;
    }
    total
}
