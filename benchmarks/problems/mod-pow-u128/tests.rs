use solution::*;

const M: u64 = u64::MAX;

#[test]
fn mul_small_and_large() {
    assert_eq!(mod_mul(7, 8, 10), 6);
    assert_eq!(mod_mul(0, 123, 7), 0);
    assert_eq!(mod_mul(M - 1, M - 1, M), 1);
    assert_eq!(mod_mul(1 << 63, 4, M), 2);
    assert_eq!(mod_mul(5, 5, 1), 0);
}

#[test]
fn pow_small() {
    assert_eq!(mod_pow(2, 10, 1000), 24);
    assert_eq!(mod_pow(3, 0, 7), 1);
    assert_eq!(mod_pow(0, 0, 7), 1);
    assert_eq!(mod_pow(0, 5, 7), 0);
    assert_eq!(mod_pow(10, 0, 1), 0);
    assert_eq!(mod_pow(10, 3, 1), 0);
    assert_eq!(mod_pow(3, 200, 1_000_000_007), 136_318_165);
}

#[test]
fn pow_huge_modulus() {
    assert_eq!(mod_pow(M - 1, 3, M), M - 1);
    assert_eq!(mod_pow(M - 1, 1_000_000_000_000_000_000, M), 1);
    assert_eq!(
        mod_pow(123_456_789_012_345, 987_654_321_098_765, 18_446_744_073_709_551_557),
        17_616_112_352_867_411_159
    );
}

#[test]
fn pow_huge_exponent_is_fast() {
    assert_eq!(mod_pow(5, u64::MAX, (1 << 63) + 1), 5_953_259_101_272_337_160);
    // Fermat: a^(p-1) = 1 mod p
    let p = 18_446_744_073_709_551_557u64;
    assert_eq!(mod_pow(987_654_321, p - 1, p), 1);
}

#[test]
fn inverse_exists() {
    assert_eq!(mod_inverse(3, 11), Some(4));
    assert_eq!(mod_inverse(10, 17), Some(12));
    assert_eq!(mod_inverse(2, 1_000_000_007), Some(500_000_004));
    assert_eq!(mod_inverse(1, 2), Some(1));
    assert_eq!(mod_inverse(14, 11), Some(4)); // 14 = 3 mod 11
    assert_eq!(mod_inverse(M - 2, M), Some(9_223_372_036_854_775_807));
}

#[test]
fn inverse_missing() {
    assert_eq!(mod_inverse(6, 9), None);
    assert_eq!(mod_inverse(0, 7), None);
    assert_eq!(mod_inverse(5, 0), None);
    assert_eq!(mod_inverse(4, 1), Some(0));
    assert_eq!(mod_inverse(M - 1, M - 1), None);
}

#[test]
fn inverse_checks_out() {
    let m = 18_446_744_073_709_551_557u64;
    for a in [2u64, 3, 99, 1 << 40, m - 1] {
        let x = mod_inverse(a, m).unwrap();
        assert!(x < m);
        assert_eq!(mod_mul(a, x, m), 1);
    }
}
