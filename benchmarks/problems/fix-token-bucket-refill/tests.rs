use solution::*;

#[test]
fn starts_full() {
    let mut b = TokenBucket::new(10, 5, 1_000);
    assert_eq!(b.available(1_000), 10);
    assert!(b.try_take(10, 1_000));
    assert!(!b.try_take(1, 1_000));
}

#[test]
fn partial_tokens_accumulate() {
    let mut b = TokenBucket::new(10, 5, 0);
    assert!(b.try_take(10, 0));
    assert!(!b.try_take(1, 100));
    assert!(b.try_take(1, 200));
    assert!(!b.try_take(1, 300));
    assert_eq!(b.available(350), 0);
    assert_eq!(b.available(400), 1);
}

#[test]
fn take_refills_first() {
    let mut b = TokenBucket::new(3, 1, 0);
    assert!(b.try_take(3, 0));
    assert!(b.try_take(2, 2_000));
    assert!(!b.try_take(1, 2_500));
    assert!(b.try_take(1, 3_000));
}

#[test]
fn level_is_capped() {
    let mut b = TokenBucket::new(10, 5, 0);
    assert_eq!(b.available(1_000_000), 10);
    assert!(b.try_take(4, 1_000_000));
    assert_eq!(b.available(1_000_000), 6);
    assert_eq!(b.available(2_000_000), 10);
    assert!(!b.try_take(11, 3_000_000));
    assert_eq!(b.available(3_000_000), 10);
}

#[test]
fn failed_take_takes_nothing() {
    let mut b = TokenBucket::new(5, 1, 0);
    assert!(!b.try_take(6, 0));
    assert_eq!(b.available(0), 5);
}

#[test]
fn clock_going_backwards_is_ignored() {
    let mut b = TokenBucket::new(2, 10, 1_000);
    assert!(b.try_take(2, 1_000));
    assert_eq!(b.available(500), 0);
    assert!(!b.try_take(1, 900));
    assert_eq!(b.available(1_100), 1);
    assert_eq!(b.available(1_050), 1);
    assert_eq!(b.available(1_150), 1);
    assert_eq!(b.available(1_200), 2);
}
