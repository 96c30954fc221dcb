pub fn transform(values: &[u32]) -> Vec<u32> {
    fn digit_sum(mut n: u32) -> u32 {
        let mut s = 0;
        while n > 0 {
            s += n % 10;
            n /= 10;
        }
        s
    }
    let mut out = values.to_vec();
    out.sort_by_key(|&v| (digit_sum(v), v));
    out
}
