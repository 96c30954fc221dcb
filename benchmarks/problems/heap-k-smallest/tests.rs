use solution::*;

const V: [i32; 5] = [5, 1, 4, 1, 3];

#[test]
fn smallest() {
    assert_eq!(k_smallest(&V, 3), vec![1, 1, 3]);
    assert_eq!(k_smallest(&V, 1), vec![1]);
    assert_eq!(k_smallest(&V, 0), Vec::<i32>::new());
    assert_eq!(k_smallest(&V, 10), vec![1, 1, 3, 4, 5]);
    assert_eq!(k_smallest(&[], 3), Vec::<i32>::new());
}

#[test]
fn largest() {
    assert_eq!(k_largest(&V, 2), vec![5, 4]);
    assert_eq!(k_largest(&V, 5), vec![5, 4, 3, 1, 1]);
    assert_eq!(k_largest(&V, 0), Vec::<i32>::new());
    assert_eq!(k_largest(&[7, 7, 7, 1], 2), vec![7, 7]);
}

#[test]
fn kth() {
    assert_eq!(kth_smallest(&V, 1), Some(1));
    assert_eq!(kth_smallest(&V, 2), Some(1));
    assert_eq!(kth_smallest(&V, 3), Some(3));
    assert_eq!(kth_smallest(&V, 5), Some(5));
    assert_eq!(kth_smallest(&V, 0), None);
    assert_eq!(kth_smallest(&V, 6), None);
    assert_eq!(kth_smallest(&[], 1), None);
}

#[test]
fn extremes() {
    let v = [i32::MAX, i32::MIN, 0, i32::MIN];
    assert_eq!(k_smallest(&v, 2), vec![i32::MIN, i32::MIN]);
    assert_eq!(k_largest(&v, 2), vec![i32::MAX, 0]);
}

#[test]
fn input_untouched() {
    let v = V.to_vec();
    k_smallest(&v, 2);
    k_largest(&v, 2);
    kth_smallest(&v, 2);
    assert_eq!(v, V.to_vec());
}

#[test]
fn many_values() {
    let mut x: u64 = 12345;
    let v: Vec<i32> = (0..300_000)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as i32
        })
        .collect();
    let mut sorted = v.clone();
    sorted.sort();
    assert_eq!(k_smallest(&v, 10), sorted[..10].to_vec());
    let mut top: Vec<i32> = sorted[sorted.len() - 10..].to_vec();
    top.reverse();
    assert_eq!(k_largest(&v, 10), top);
    assert_eq!(kth_smallest(&v, 100), Some(sorted[99]));
}
