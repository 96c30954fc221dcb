use solution::*;

const V: [i32; 5] = [1, 3, 3, 3, 7];

#[test]
fn bounds_example() {
    assert_eq!(lower_bound(&V, 3), 1);
    assert_eq!(upper_bound(&V, 3), 4);
    assert_eq!(lower_bound(&V, 0), 0);
    assert_eq!(upper_bound(&V, 0), 0);
    assert_eq!(lower_bound(&V, 8), 5);
    assert_eq!(upper_bound(&V, 7), 5);
    assert_eq!(lower_bound(&V, 4), 4);
    assert_eq!(upper_bound(&V, 4), 4);
}

#[test]
fn bounds_empty_and_extremes() {
    assert_eq!(lower_bound(&[], 5), 0);
    assert_eq!(upper_bound(&[], 5), 0);
    let e = [i32::MIN, i32::MIN, 0, i32::MAX];
    assert_eq!(lower_bound(&e, i32::MIN), 0);
    assert_eq!(upper_bound(&e, i32::MIN), 2);
    assert_eq!(upper_bound(&e, i32::MAX), 4);
    assert_eq!(lower_bound(&e, i32::MAX), 3);
}

#[test]
fn range_counts() {
    assert_eq!(count_in_range(&V, 2, 7), 4);
    assert_eq!(count_in_range(&V, 3, 3), 3);
    assert_eq!(count_in_range(&V, 4, 6), 0);
    assert_eq!(count_in_range(&V, 7, 1), 0);
    assert_eq!(count_in_range(&V, i32::MIN, i32::MAX), 5);
    assert_eq!(count_in_range(&[], 0, 10), 0);
}

#[test]
fn nearest_values() {
    assert_eq!(nearest(&V, 5), Some(3));
    assert_eq!(nearest(&V, 6), Some(7));
    assert_eq!(nearest(&V, -100), Some(1));
    assert_eq!(nearest(&V, 100), Some(7));
    assert_eq!(nearest(&V, 3), Some(3));
    assert_eq!(nearest(&V, 2), Some(1));
    assert_eq!(nearest(&[], 2), None);
    assert_eq!(nearest(&[i32::MIN, i32::MAX], 0), Some(i32::MAX));
    assert_eq!(nearest(&[i32::MIN, i32::MAX], -1), Some(i32::MIN));
    assert_eq!(nearest(&[i32::MIN], i32::MAX), Some(i32::MIN));
}

#[test]
fn many_queries_are_fast() {
    // 0, 0, 2, 2, 4, 4, ... (each even number twice)
    let v: Vec<i32> = (0..300_000).map(|i| (i / 2) * 2).collect();
    let mut total = 0usize;
    for q in 0..300_000i32 {
        let lb = lower_bound(&v, q);
        let ub = upper_bound(&v, q);
        if q % 2 == 0 {
            assert_eq!(lb, q as usize);
            assert_eq!(ub, q as usize + 2);
        } else {
            assert_eq!(lb, q as usize + 1);
            assert_eq!(ub, q as usize + 1);
        }
        total += count_in_range(&v, q, q + 9);
    }
    assert!(total > 0);
}
