pub fn transform(n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    let width = 32 - n.leading_zeros();
    n.reverse_bits() >> (32 - width)
}
