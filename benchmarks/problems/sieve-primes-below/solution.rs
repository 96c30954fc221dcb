fn sieve(n: usize) -> Vec<bool> {
    let mut is = vec![true; n.max(2)];
    is[0] = false;
    is[1] = false;
    let mut i = 2;
    while i * i < n {
        if is[i] {
            let mut j = i * i;
            while j < n {
                is[j] = false;
                j += i;
            }
        }
        i += 1;
    }
    is.truncate(n);
    is
}

pub fn primes_below(n: usize) -> Vec<usize> {
    sieve(n)
        .iter()
        .enumerate()
        .filter(|(_, &p)| p)
        .map(|(i, _)| i)
        .collect()
}

pub fn count_primes_below(n: usize) -> usize {
    sieve(n).iter().filter(|&&p| p).count()
}

pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n % 2 == 0 {
        return n == 2;
    }
    let mut d = 3u64;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 2;
    }
    true
}
