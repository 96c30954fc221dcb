pub fn factorize(n: u64) -> Vec<(u64, u32)> {
    todo!()
}

pub fn largest_prime_factor(n: u64) -> Option<u64> {
    todo!()
}

pub fn divisor_count(n: u64) -> u64 {
    todo!()
}
