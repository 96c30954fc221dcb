use solution::*;

#[test]
fn gcd_basics() {
    assert_eq!(gcd(12, 18), 6);
    assert_eq!(gcd(18, 12), 6);
    assert_eq!(gcd(17, 5), 1);
    assert_eq!(gcd(0, 7), 7);
    assert_eq!(gcd(7, 0), 7);
    assert_eq!(gcd(0, 0), 0);
    assert_eq!(gcd(u64::MAX, u64::MAX), u64::MAX);
}

#[test]
fn lcm_basics() {
    assert_eq!(lcm(4, 6), Some(12));
    assert_eq!(lcm(7, 13), Some(91));
    assert_eq!(lcm(0, 5), Some(0));
    assert_eq!(lcm(5, 0), Some(0));
    assert_eq!(lcm(1, 1), Some(1));
}

#[test]
fn lcm_large_without_intermediate_overflow() {
    // a * b overflows but the lcm itself fits
    let a = 1u64 << 40;
    let b = 1u64 << 50;
    assert_eq!(lcm(a, b), Some(b));
    assert_eq!(lcm(u64::MAX, u64::MAX), Some(u64::MAX));
    assert_eq!(lcm(u64::MAX, 3), Some(u64::MAX));
}

#[test]
fn lcm_overflow_is_none() {
    assert_eq!(lcm(u64::MAX, 2), None);
    assert_eq!(lcm(1 << 63, 3), None);
    assert_eq!(lcm(4_294_967_311, 4_294_967_291), None);
}

#[test]
fn folds() {
    assert_eq!(gcd_all(&[]), 0);
    assert_eq!(gcd_all(&[24, 36, 60]), 12);
    assert_eq!(gcd_all(&[0, 0, 9]), 9);
    assert_eq!(lcm_all(&[]), Some(1));
    assert_eq!(lcm_all(&[2, 3, 4]), Some(12));
    assert_eq!(lcm_all(&[6, 0, 4]), Some(0));
    assert_eq!(lcm_all(&(1..=20).collect::<Vec<u64>>()), Some(232_792_560));
}

#[test]
fn lcm_all_overflow() {
    assert_eq!(lcm_all(&(1..=50).collect::<Vec<u64>>()), None);
    assert_eq!(lcm_all(&[u64::MAX, 2, 0]), None);
}
