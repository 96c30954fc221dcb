use solution::*;

const V: [i64; 6] = [3, -1, 4, 1, -5, 9];

#[test]
fn single_element_ranges() {
    let p = PrefixSums::new(&V);
    assert_eq!(p.len(), 6);
    for (i, &v) in V.iter().enumerate() {
        assert_eq!(p.range_sum(i, i), Some(v));
    }
}

#[test]
fn inclusive_ranges() {
    let p = PrefixSums::new(&V);
    assert_eq!(p.range_sum(1, 3), Some(4));
    assert_eq!(p.range_sum(0, 5), Some(11));
    assert_eq!(p.range_sum(3, 5), Some(5));
}

#[test]
fn out_of_range_queries() {
    let p = PrefixSums::new(&V);
    assert_eq!(p.range_sum(2, 6), None);
    assert_eq!(p.range_sum(6, 6), None);
    assert_eq!(p.range_sum(4, 3), None);
    let e = PrefixSums::new(&[]);
    assert_eq!(e.len(), 0);
    assert_eq!(e.range_sum(0, 0), None);
}

#[test]
fn best_window_examples() {
    let p = PrefixSums::new(&V);
    assert_eq!(p.best_window(2), Some((2, 5)));
    assert_eq!(p.best_window(6), Some((0, 11)));
    assert_eq!(p.best_window(1), Some((5, 9)));
    assert_eq!(p.best_window(3), Some((0, 6)));
}

#[test]
fn best_window_ties_pick_earliest() {
    let p = PrefixSums::new(&[2, 0, 2, 0, 2]);
    assert_eq!(p.best_window(2), Some((0, 2)));
    assert_eq!(p.best_window(1), Some((0, 2)));
    let q = PrefixSums::new(&[-3, -3, -3]);
    assert_eq!(q.best_window(2), Some((0, -6)));
}

#[test]
fn best_window_invalid_k() {
    let p = PrefixSums::new(&V);
    assert_eq!(p.best_window(0), None);
    assert_eq!(p.best_window(7), None);
    assert_eq!(PrefixSums::new(&[]).best_window(1), None);
}
