use solution::*;

#[test]
fn examples() {
    assert_eq!(first_true(0, 100, |x| x * x >= 50), Some(8));
    assert_eq!(last_true(0, 100, |x| x * x <= 50), Some(7));
    assert_eq!(first_true(5, 5, |_| true), None);
    assert_eq!(last_true(5, 5, |_| true), None);
    assert_eq!(first_true(9, 3, |_| true), None);
}

#[test]
fn all_or_nothing() {
    assert_eq!(first_true(10, 20, |_| true), Some(10));
    assert_eq!(first_true(10, 20, |_| false), None);
    assert_eq!(last_true(10, 20, |_| true), Some(19));
    assert_eq!(last_true(10, 20, |_| false), None);
    assert_eq!(first_true(7, 8, |x| x == 7), Some(7));
    assert_eq!(last_true(7, 8, |x| x == 7), Some(7));
}

#[test]
fn stays_inside_range() {
    let (lo, hi) = (100u64, 200u64);
    let check = |x: u64| {
        assert!(x >= lo && x < hi, "called with {x}");
        x >= 150
    };
    assert_eq!(first_true(lo, hi, check), Some(150));
    assert_eq!(first_true(lo, hi, |x| { assert!(x >= lo && x < hi); false }), None);
    assert_eq!(last_true(lo, hi, |x| { assert!(x >= lo && x < hi); true }), Some(199));
    assert_eq!(last_true(lo, hi, |x| { assert!(x >= lo && x < hi); x < 101 }), Some(100));
}

#[test]
fn full_u64_range_and_call_count() {
    let mut calls = 0;
    let r = first_true(0, u64::MAX, |x| {
        calls += 1;
        x >= u64::MAX - 1
    });
    assert_eq!(r, Some(u64::MAX - 1));
    assert!(calls <= 66, "{calls} calls");

    let mut calls = 0;
    let r = last_true(0, u64::MAX, |x| {
        calls += 1;
        x <= 12_345_678_901_234_567_890
    });
    assert_eq!(r, Some(12_345_678_901_234_567_890));
    assert!(calls <= 66, "{calls} calls");

    let mut calls = 0;
    let r = first_true(u64::MAX - 3, u64::MAX, |x| {
        calls += 1;
        assert!(x < u64::MAX);
        false
    });
    assert_eq!(r, None);
    assert!(calls <= 66);
}

#[test]
fn integer_square_root_via_last_true() {
    let n = 999_999_999_999u64;
    let r = last_true(0, 1 << 32, |x| x * x <= n);
    assert_eq!(r, Some(999_999));
}

#[test]
fn capacity_search() {
    // smallest daily capacity to ship all boxes in order within 3 days
    let boxes = [7u64, 2, 5, 10, 8];
    let days_needed = |cap: u64| {
        let mut days = 1;
        let mut load = 0;
        for &b in &boxes {
            if b > cap {
                return u64::MAX;
            }
            if load + b > cap {
                days += 1;
                load = 0;
            }
            load += b;
        }
        days
    };
    assert_eq!(first_true(1, 1000, |c| days_needed(c) <= 3), Some(14));
    assert_eq!(first_true(1, 1000, |c| days_needed(c) <= 1), Some(32));
}
