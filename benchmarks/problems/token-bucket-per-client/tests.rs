use solution::*;
use Decision::*;

#[test]
fn example_from_statement() {
    let mut rl = RateLimiter::new(3, 1000);
    assert_eq!(rl.request("a", 1, 0), Allowed { remaining: 2 });
    assert_eq!(rl.request("a", 2, 0), Allowed { remaining: 0 });
    assert_eq!(rl.request("a", 1, 500), Denied { retry_after_ms: 500 });
    assert_eq!(rl.request("a", 1, 1000), Allowed { remaining: 0 });
    assert_eq!(rl.request("a", 2, 2500), Denied { retry_after_ms: 500 });
    assert_eq!(rl.request("a", 2, 3000), Allowed { remaining: 0 });
}

#[test]
#[should_panic]
fn zero_capacity_panics() {
    RateLimiter::new(0, 10);
}

#[test]
#[should_panic]
fn zero_interval_panics() {
    RateLimiter::new(5, 0);
}

#[test]
fn clients_are_independent_and_start_full() {
    let mut rl = RateLimiter::new(2, 100);
    assert_eq!(rl.available("x", 0), 2);
    assert_eq!(rl.request("x", 2, 50), Allowed { remaining: 0 });
    assert_eq!(rl.request("y", 2, 50), Allowed { remaining: 0 });
    assert_eq!(rl.request("x", 1, 60), Denied { retry_after_ms: 90 });
    assert_eq!(rl.available("x", 149), 0);
    assert_eq!(rl.available("x", 150), 1);
    assert_eq!(rl.available("nobody", 5), 2);
}

#[test]
fn full_bucket_does_not_bank_time() {
    let mut rl = RateLimiter::new(3, 1000);
    assert_eq!(rl.request("a", 0, 0), Allowed { remaining: 3 });
    // ten seconds later the bucket is still just full; the anchor moves to 10_000
    assert_eq!(rl.request("a", 3, 10_000), Allowed { remaining: 0 });
    assert_eq!(rl.request("a", 1, 10_999), Denied { retry_after_ms: 1 });
    assert_eq!(rl.request("a", 1, 11_000), Allowed { remaining: 0 });
}

#[test]
fn partial_progress_is_kept() {
    let mut rl = RateLimiter::new(10, 300);
    assert_eq!(rl.request("c", 10, 0), Allowed { remaining: 0 });
    // at 700: two tokens (at 300 and 600), anchor 600
    assert_eq!(rl.request("c", 1, 700), Allowed { remaining: 1 });
    // at 899: still anchor 600, one token; needs 4 -> 3 more tokens at 900, 1200, 1500
    assert_eq!(rl.request("c", 4, 899), Denied { retry_after_ms: 601 });
    assert_eq!(rl.request("c", 4, 1500), Allowed { remaining: 0 });
    assert_eq!(rl.available("c", 1799), 0);
    assert_eq!(rl.available("c", 1800), 1);
}

#[test]
fn too_large_changes_nothing() {
    let mut rl = RateLimiter::new(5, 10);
    assert_eq!(rl.request("z", 6, 1_000), TooLarge);
    // "z" was not registered: a later first request at an earlier time starts fresh
    assert_eq!(rl.request("z", 5, 0), Allowed { remaining: 0 });
    assert_eq!(rl.request("z", 6, 5), TooLarge);
    assert_eq!(rl.request("z", 1, 9), Denied { retry_after_ms: 1 });
    assert_eq!(rl.request("z", 5, 50), Allowed { remaining: 0 });
}

#[test]
fn clock_never_goes_backwards_per_client() {
    let mut rl = RateLimiter::new(2, 1000);
    assert_eq!(rl.request("a", 2, 5_000), Allowed { remaining: 0 });
    // an older timestamp is treated as 5_000
    assert_eq!(rl.request("a", 1, 100), Denied { retry_after_ms: 1000 });
    assert_eq!(rl.request("a", 1, 5_600), Denied { retry_after_ms: 400 });
    assert_eq!(rl.request("a", 1, 6_000), Allowed { remaining: 0 });
    // the latest time is now 6_000; a request "at" 1_000 happens at 6_000
    assert_eq!(rl.request("a", 1, 1_000), Denied { retry_after_ms: 1000 });
    // `available` also uses the latest time but does not record anything
    assert_eq!(rl.available("a", 0), 0);
    assert_eq!(rl.available("a", 7_000), 1);
    // another client is not affected by a's clock
    assert_eq!(rl.request("b", 2, 10), Allowed { remaining: 0 });
    assert_eq!(rl.available("b", 1_010), 1);
}

#[test]
fn large_timestamps_and_many_refills() {
    let mut rl = RateLimiter::new(1_000_000, 1);
    let t = 1u64 << 50;
    assert_eq!(rl.request("big", 1_000_000, t), Allowed { remaining: 0 });
    assert_eq!(rl.request("big", 999_999, t + 999_998), Denied { retry_after_ms: 1 });
    assert_eq!(rl.request("big", 999_999, t + 999_999), Allowed { remaining: 0 });
    let mut slow = RateLimiter::new(4, u64::MAX / 8);
    assert_eq!(slow.request("s", 4, 0), Allowed { remaining: 0 });
    assert_eq!(slow.request("s", 4, 1), Denied { retry_after_ms: 4 * (u64::MAX / 8) - 1 });
}
