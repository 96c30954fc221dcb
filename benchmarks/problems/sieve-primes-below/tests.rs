use solution::*;

#[test]
fn tiny_bounds() {
    assert_eq!(primes_below(0), Vec::<usize>::new());
    assert_eq!(primes_below(1), Vec::<usize>::new());
    assert_eq!(primes_below(2), Vec::<usize>::new());
    assert_eq!(primes_below(3), vec![2]);
    assert_eq!(primes_below(4), vec![2, 3]);
}

#[test]
fn bound_is_exclusive() {
    assert_eq!(primes_below(10), vec![2, 3, 5, 7]);
    assert_eq!(primes_below(11), vec![2, 3, 5, 7]);
    assert_eq!(primes_below(12), vec![2, 3, 5, 7, 11]);
    assert_eq!(
        primes_below(50),
        vec![2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]
    );
}

#[test]
fn square_of_prime_is_excluded() {
    let p = primes_below(122);
    assert!(!p.contains(&121));
    assert!(!p.contains(&49));
    assert_eq!(*p.last().unwrap(), 113);
}

#[test]
fn counts() {
    assert_eq!(count_primes_below(0), 0);
    assert_eq!(count_primes_below(100), 25);
    assert_eq!(count_primes_below(1000), 168);
    assert_eq!(count_primes_below(10_000), 1229);
}

#[test]
fn large_sieve() {
    assert_eq!(count_primes_below(2_000_000), 148_933);
    let p = primes_below(1_000_000);
    assert_eq!(p.len(), 78_498);
    assert_eq!(*p.last().unwrap(), 999_983);
}

#[test]
fn single_number_test() {
    assert!(!is_prime(0));
    assert!(!is_prime(1));
    assert!(is_prime(2));
    assert!(!is_prime(4));
    assert!(is_prime(97));
    assert!(!is_prime(91));
    assert!(is_prime(1_000_000_007));
    assert!(is_prime(999_999_999_989));
    assert!(!is_prime(999_999_999_999));
    assert!(!is_prime(1_000_003u64 * 1_000_033));
}
