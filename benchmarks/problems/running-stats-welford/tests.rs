use solution::*;

fn close(a: Option<f64>, b: f64) -> bool {
    matches!(a, Some(x) if (x - b).abs() < 1e-6)
}

const DATA: [f64; 8] = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];

#[test]
fn empty_stats() {
    let s = RunningStats::new();
    assert_eq!(s.count(), 0);
    assert_eq!(s.mean(), None);
    assert_eq!(s.min(), None);
    assert_eq!(s.max(), None);
    assert_eq!(s.variance(), None);
    assert_eq!(s.sample_variance(), None);
}

#[test]
fn single_value() {
    let mut s = RunningStats::new();
    s.push(-3.5);
    assert_eq!(s.count(), 1);
    assert!(close(s.mean(), -3.5));
    assert!(close(s.min(), -3.5));
    assert!(close(s.max(), -3.5));
    assert!(close(s.variance(), 0.0));
    assert_eq!(s.sample_variance(), None);
}

#[test]
fn known_dataset() {
    let mut s = RunningStats::new();
    for x in DATA {
        s.push(x);
    }
    assert_eq!(s.count(), 8);
    assert!(close(s.mean(), 5.0));
    assert!(close(s.variance(), 4.0));
    assert!(close(s.sample_variance(), 32.0 / 7.0));
    assert!(close(s.min(), 2.0));
    assert!(close(s.max(), 9.0));
}

#[test]
fn negative_min_max() {
    let s: RunningStats = vec![-1.0, -7.0, -3.0].into_iter().collect();
    assert!(close(s.min(), -7.0));
    assert!(close(s.max(), -1.0));
}

#[test]
fn numerically_stable() {
    let s: RunningStats = [4.0, 7.0, 13.0, 16.0].iter().map(|x| 1e9 + x).collect();
    assert!(close(s.mean(), 1e9 + 10.0));
    assert!(close(s.variance(), 22.5));
    assert!(close(s.sample_variance(), 30.0));
}

#[test]
fn collect_and_extend() {
    let mut s: RunningStats = DATA[..3].iter().copied().collect();
    assert_eq!(s.count(), 3);
    s.extend(DATA[3..].iter().copied());
    assert_eq!(s.count(), 8);
    assert!(close(s.variance(), 4.0));
}

#[test]
fn merging() {
    let mut a: RunningStats = DATA[..5].iter().copied().collect();
    let b: RunningStats = DATA[5..].iter().copied().collect();
    a.merge(&b);
    assert_eq!(a.count(), 8);
    assert!(close(a.mean(), 5.0));
    assert!(close(a.variance(), 4.0));
    assert!(close(a.min(), 2.0));
    assert!(close(a.max(), 9.0));
}

#[test]
fn merging_with_empty() {
    let full: RunningStats = DATA.iter().copied().collect();
    let mut a = full.clone();
    a.merge(&RunningStats::new());
    assert_eq!(a.count(), 8);
    assert!(close(a.variance(), 4.0));
    let mut e = RunningStats::new();
    e.merge(&full);
    assert_eq!(e.count(), 8);
    assert!(close(e.mean(), 5.0));
    assert!(close(e.min(), 2.0));
    assert!(close(e.max(), 9.0));
    let mut e2 = RunningStats::new();
    e2.merge(&RunningStats::new());
    assert_eq!(e2.mean(), None);
}
