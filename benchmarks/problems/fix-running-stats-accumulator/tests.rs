use solution::*;

fn of(xs: &[i64]) -> RunningStats {
    let mut s = RunningStats::new();
    for &x in xs {
        s.push(x);
    }
    s
}

#[test]
fn empty_accumulator() {
    let s = RunningStats::new();
    assert_eq!(s.count(), 0);
    assert_eq!(s.sum(), 0);
    assert_eq!(s.min(), None);
    assert_eq!(s.max(), None);
    assert_eq!(s.mean(), None);
}

#[test]
fn positive_samples() {
    let s = of(&[4, 7, 2]);
    assert_eq!(s.count(), 3);
    assert_eq!(s.sum(), 13);
    assert_eq!(s.min(), Some(2));
    assert_eq!(s.max(), Some(7));
    assert_eq!(s.mean(), Some(13.0 / 3.0));
}

#[test]
fn negative_samples() {
    let s = of(&[-5, -9, -1]);
    assert_eq!(s.min(), Some(-9));
    assert_eq!(s.max(), Some(-1));
    assert_eq!(s.mean(), Some(-5.0));
}

#[test]
fn mean_is_not_truncated() {
    assert_eq!(of(&[1, 2]).mean(), Some(1.5));
    assert_eq!(of(&[-1, -2]).mean(), Some(-1.5));
}

#[test]
fn single_sample() {
    let s = of(&[42]);
    assert_eq!(s.min(), Some(42));
    assert_eq!(s.max(), Some(42));
    assert_eq!(s.mean(), Some(42.0));
}

#[test]
fn merge_with_values_and_empty() {
    let mut a = of(&[10, 20]);
    a.merge(&RunningStats::new());
    assert_eq!((a.count(), a.sum(), a.min(), a.max()), (2, 30, Some(10), Some(20)));
    let mut e = RunningStats::new();
    e.merge(&of(&[-3, 8]));
    assert_eq!((e.count(), e.sum(), e.min(), e.max()), (2, 5, Some(-3), Some(8)));
    let mut b = of(&[5]);
    b.merge(&of(&[1, 9]));
    assert_eq!((b.count(), b.min(), b.max(), b.mean()), (3, Some(1), Some(9), Some(5.0)));
}
