use solution::*;

#[test]
fn small_square_roots() {
    let expected = [0, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4];
    for (n, &r) in expected.iter().enumerate() {
        assert_eq!(isqrt(n as u64), r, "isqrt({n})");
    }
    assert_eq!(isqrt(1_000_000), 1000);
    assert_eq!(isqrt(999_999), 999);
}

#[test]
fn large_square_roots() {
    let m = 4_294_967_295u64; // 2^32 - 1
    assert_eq!(isqrt(u64::MAX), m);
    assert_eq!(isqrt(m * m), m);
    assert_eq!(isqrt(m * m - 1), m - 1);
    assert_eq!(isqrt((1u64 << 62) - 1), (1 << 31) - 1);
    assert_eq!(isqrt(1 << 62), 1 << 31);
    let r = 3_037_000_499u64;
    assert_eq!(isqrt(r * r), r);
    assert_eq!(isqrt(r * r - 1), r - 1);
    assert_eq!(isqrt(r * r + 2 * r), r);
}

#[test]
fn exhaustive_around_squares() {
    for r in (0u64..60_000).chain(4_294_940_000..4_294_967_295) {
        let sq = r * r;
        assert_eq!(isqrt(sq), r);
        if r > 0 {
            assert_eq!(isqrt(sq - 1), r - 1);
        }
    }
}

#[test]
fn cube_roots() {
    assert_eq!(icbrt(0), 0);
    assert_eq!(icbrt(7), 1);
    assert_eq!(icbrt(8), 2);
    assert_eq!(icbrt(26), 2);
    assert_eq!(icbrt(27), 3);
    assert_eq!(icbrt(u64::MAX), 2_642_245);
    let c = 2_642_245u64;
    assert_eq!(icbrt(c * c * c), c);
    assert_eq!(icbrt(c * c * c - 1), c - 1);
}

#[test]
fn kth_roots() {
    assert_eq!(nth_root(1024, 10), 2);
    assert_eq!(nth_root(1023, 10), 1);
    assert_eq!(nth_root(u64::MAX, 1), u64::MAX);
    assert_eq!(nth_root(u64::MAX, 64), 1);
    assert_eq!(nth_root(u64::MAX, 63), 2);
    assert_eq!(nth_root(0, 5), 0);
    assert_eq!(nth_root(1, 100), 1);
    assert_eq!(nth_root(u64::MAX, 4), 65535);
    assert_eq!(nth_root(1u64 << 63, 63), 2);
}

#[test]
#[should_panic]
fn zeroth_root_panics() {
    nth_root(10, 0);
}

#[test]
fn perfect_squares() {
    assert!(is_perfect_square(0));
    assert!(is_perfect_square(1));
    assert!(!is_perfect_square(2));
    assert!(is_perfect_square(144));
    assert!(!is_perfect_square(145));
    assert!(is_perfect_square(4_294_967_295 * 4_294_967_295));
    assert!(!is_perfect_square(u64::MAX));
    assert!(!is_perfect_square(4_294_967_295 * 4_294_967_295 - 1));
}
