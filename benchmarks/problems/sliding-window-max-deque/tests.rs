use solution::*;

const V: [i64; 8] = [1, 3, -1, -3, 5, 3, 6, 7];

#[test]
fn maxima() {
    assert_eq!(window_max(&V, 3), vec![3, 3, 5, 5, 6, 7]);
    assert_eq!(window_max(&V, 1), V.to_vec());
    assert_eq!(window_max(&V, 8), vec![7]);
}

#[test]
fn minima() {
    assert_eq!(window_min(&V, 3), vec![-1, -3, -3, -3, 3, 3]);
    assert_eq!(window_min(&V, 2), vec![1, -1, -3, -3, 3, 3, 6]);
}

#[test]
fn ranges() {
    assert_eq!(window_range(&V, 3), vec![4, 6, 8, 8, 3, 4]);
    assert_eq!(window_range(&[i64::MIN, i64::MAX, 0], 2), vec![u64::MAX, i64::MAX as u64]);
}

#[test]
fn degenerate_windows() {
    assert_eq!(window_max(&V, 0), Vec::<i64>::new());
    assert_eq!(window_min(&V, 9), Vec::<i64>::new());
    assert_eq!(window_range(&[], 1), Vec::<u64>::new());
    assert_eq!(window_max(&[], 0), Vec::<i64>::new());
}

#[test]
fn duplicates_and_monotone() {
    assert_eq!(window_max(&[2, 2, 2, 2], 2), vec![2, 2, 2]);
    assert_eq!(window_max(&[5, 4, 3, 2, 1], 2), vec![5, 4, 3, 2]);
    assert_eq!(window_min(&[5, 4, 3, 2, 1], 2), vec![4, 3, 2, 1]);
    assert_eq!(window_max(&[1, 2, 3, 4, 5], 3), vec![3, 4, 5]);
    assert_eq!(window_max(&[3, 1, 3, 1, 1, 1], 3), vec![3, 3, 3, 1]);
}

#[test]
fn large_input_is_linear() {
    let n = 200_000usize;
    let k = 10_000usize;
    // a zig-zag that is mostly decreasing: worst case for naive rescans
    let v: Vec<i64> = (0..n as i64).map(|i| -i * 3 + (i % 7) * 5).collect();
    let mx = window_max(&v, k);
    let mn = window_min(&v, k);
    assert_eq!(mx.len(), n - k + 1);
    assert_eq!(mn.len(), n - k + 1);
    for &i in &[0usize, 1, 12345, n - k] {
        let w = &v[i..i + k];
        assert_eq!(mx[i], *w.iter().max().unwrap());
        assert_eq!(mn[i], *w.iter().min().unwrap());
    }
}
