use solution::*;

#[test]
fn frequency_order() {
    assert_eq!(frequencies(&[3, 1, 3, 2, 1, 3]), vec![(3, 3), (1, 2), (2, 1)]);
    assert_eq!(frequencies(&[]), vec![]);
    assert_eq!(frequencies(&[9, -9, 0]), vec![(-9, 1), (0, 1), (9, 1)]);
    assert_eq!(frequencies(&[4, 4, 2, 2, 8]), vec![(2, 2), (4, 2), (8, 1)]);
}

#[test]
fn top_k_values() {
    assert_eq!(top_k(&[5, 4, 5, 4, 6], 1), vec![4]);
    assert_eq!(top_k(&[5, 4, 5, 4, 6], 2), vec![4, 5]);
    assert_eq!(top_k(&[5, 4, 5, 4, 6], 10), vec![4, 5, 6]);
    assert_eq!(top_k(&[5, 4, 5], 0), Vec::<i32>::new());
    assert_eq!(top_k(&[1, 2, 2, 3, 3, 3], 2), vec![3, 2]);
}

#[test]
fn first_unique_value() {
    assert_eq!(first_unique(&[2, 7, 2, 9, 7]), Some(9));
    assert_eq!(first_unique(&[1, 1, 2, 2]), None);
    assert_eq!(first_unique(&[]), None);
    assert_eq!(first_unique(&[8, 3, 1]), Some(8));
    assert_eq!(first_unique(&[5, 6, 5, 4, 6]), Some(4));
}

#[test]
fn majority_value() {
    assert_eq!(majority(&[1, 2, 1]), Some(1));
    assert_eq!(majority(&[1, 2, 1, 2]), None);
    assert_eq!(majority(&[7]), Some(7));
    assert_eq!(majority(&[]), None);
    assert_eq!(majority(&[3, 3, 4, 4, 3]), Some(3));
    assert_eq!(majority(&[3, 3, 4, 4, 5]), None);
}

#[test]
fn deterministic_on_large_input() {
    let v: Vec<i32> = (0..100_000).map(|i| (i * 37) % 1000).collect();
    let f = frequencies(&v);
    assert_eq!(f.len(), 1000);
    assert!(f.iter().all(|&(_, c)| c == 100));
    assert_eq!(f[0].0, 0);
    assert_eq!(f[999].0, 999);
    assert_eq!(top_k(&v, 3), vec![0, 1, 2]);
}
