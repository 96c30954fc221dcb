use solution::*;

#[test]
fn trivial_inputs() {
    assert_eq!(factorize(0), vec![]);
    assert_eq!(factorize(1), vec![]);
    assert_eq!(factorize(2), vec![(2, 1)]);
    assert_eq!(largest_prime_factor(0), None);
    assert_eq!(largest_prime_factor(1), None);
}

#[test]
fn composite_numbers() {
    assert_eq!(factorize(360), vec![(2, 3), (3, 2), (5, 1)]);
    assert_eq!(factorize(97), vec![(97, 1)]);
    assert_eq!(factorize(1024), vec![(2, 10)]);
    assert_eq!(factorize(49), vec![(7, 2)]);
    assert_eq!(factorize(2 * 3 * 5 * 7 * 11 * 13), vec![(2, 1), (3, 1), (5, 1), (7, 1), (11, 1), (13, 1)]);
}

#[test]
fn large_numbers() {
    assert_eq!(factorize(600_851_475_143), vec![(71, 1), (839, 1), (1471, 1), (6857, 1)]);
    assert_eq!(factorize(1 << 63), vec![(2, 63)]);
    assert_eq!(factorize(999_999_999_989), vec![(999_999_999_989, 1)]);
    assert_eq!(factorize(1_000_003 * 1_000_003), vec![(1_000_003, 2)]);
}

#[test]
fn u64_max() {
    assert_eq!(
        factorize(u64::MAX),
        vec![(3, 1), (5, 1), (17, 1), (257, 1), (641, 1), (65537, 1), (6_700_417, 1)]
    );
    assert_eq!(largest_prime_factor(u64::MAX), Some(6_700_417));
}

#[test]
fn largest_factor() {
    assert_eq!(largest_prime_factor(13195), Some(29));
    assert_eq!(largest_prime_factor(2), Some(2));
    assert_eq!(largest_prime_factor(64), Some(2));
    assert_eq!(largest_prime_factor(2 * 1_000_000_007), Some(1_000_000_007));
}

#[test]
fn divisor_counts() {
    assert_eq!(divisor_count(0), 0);
    assert_eq!(divisor_count(1), 1);
    assert_eq!(divisor_count(12), 6);
    assert_eq!(divisor_count(97), 2);
    assert_eq!(divisor_count(360), 24);
    assert_eq!(divisor_count(1 << 63), 64);
}
