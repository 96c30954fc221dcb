use solution::*;

fn set(values: &[usize]) -> BitSet {
    let mut s = BitSet::new();
    for &v in values {
        s.insert(v);
    }
    s
}

#[test]
fn insert_and_contains() {
    let mut s = BitSet::new();
    assert!(s.is_empty());
    assert!(s.insert(3));
    assert!(s.insert(64));
    assert!(!s.insert(3));
    assert!(s.contains(3));
    assert!(s.contains(64));
    assert!(!s.contains(4));
    assert!(!s.contains(63));
    assert!(!s.contains(1_000_000));
    assert_eq!(s.len(), 2);
    assert_eq!(s.to_vec(), vec![3, 64]);
}

#[test]
fn remove_values() {
    let mut s = set(&[0, 63, 64, 127, 128]);
    assert!(s.remove(63));
    assert!(!s.remove(63));
    assert!(!s.remove(10_000));
    assert_eq!(s.to_vec(), vec![0, 64, 127, 128]);
    assert_eq!(s.len(), 4);
}

#[test]
fn max_member() {
    assert_eq!(BitSet::new().max(), None);
    let mut s = set(&[5, 200, 64]);
    assert_eq!(s.max(), Some(200));
    s.remove(200);
    assert_eq!(s.max(), Some(64));
    s.remove(64);
    s.remove(5);
    assert_eq!(s.max(), None);
    assert!(s.is_empty());
}

#[test]
fn equality_ignores_capacity() {
    let mut a = set(&[1, 2]);
    a.insert(1000);
    a.remove(1000);
    assert_eq!(a, set(&[2, 1]));
    assert_eq!(set(&[2, 1]), a);
    assert_ne!(a, set(&[1]));
    let mut e = BitSet::new();
    e.insert(5000);
    e.remove(5000);
    assert_eq!(e, BitSet::new());
    assert!(e.is_empty());
    assert_eq!(e.len(), 0);
}

#[test]
fn set_algebra() {
    let a = set(&[1, 2, 3, 100, 300]);
    let b = set(&[2, 3, 4, 300]);
    assert_eq!(a.union(&b).to_vec(), vec![1, 2, 3, 4, 100, 300]);
    assert_eq!(a.intersection(&b).to_vec(), vec![2, 3, 300]);
    assert_eq!(a.difference(&b).to_vec(), vec![1, 100]);
    assert_eq!(b.difference(&a).to_vec(), vec![4]);
    assert_eq!(a.intersection(&BitSet::new()), BitSet::new());
    assert_eq!(BitSet::new().union(&b), b);
}

#[test]
fn difference_with_shorter_other() {
    let a = set(&[1, 500]);
    let b = set(&[1]);
    assert_eq!(a.difference(&b).to_vec(), vec![500]);
    assert_eq!(b.difference(&a), BitSet::new());
}

#[test]
fn many_values() {
    let s = set(&(0..1000).filter(|v| v % 3 == 0).collect::<Vec<_>>());
    assert_eq!(s.len(), 334);
    assert_eq!(s.max(), Some(999));
    assert!(s.contains(999) && !s.contains(998));
}
