pub fn primes_below(n: usize) -> Vec<usize> {
    todo!()
}

pub fn count_primes_below(n: usize) -> usize {
    todo!()
}

pub fn is_prime(n: u64) -> bool {
    todo!()
}
