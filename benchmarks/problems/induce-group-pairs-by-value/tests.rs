use solution::*;

fn owned(v: &[(u32, &str)]) -> Vec<(u32, String)> {
    v.iter().map(|(n, s)| (*n, s.to_string())).collect()
}

#[test]
fn empty() {
    assert_eq!(transform(&[]), owned(&[]));
}

#[test]
fn input_order_kept_within_group() {
    assert_eq!(transform(&[('m', 7), ('a', 7), ('m', 3)]), owned(&[(3, "m"), (7, "ma")]));
}

#[test]
fn non_ascii_chars() {
    assert_eq!(transform(&[('é', 2), ('ß', 1), ('e', 2)]), owned(&[(1, "ß"), (2, "ée")]));
}

#[test]
fn numbers_sorted_numerically() {
    assert_eq!(
        transform(&[('c', 4_000_000_000), ('b', 0), ('a', 4_000_000_000)]),
        owned(&[(0, "b"), (4_000_000_000, "ca")])
    );
    assert_eq!(
        transform(&[('x', 20), ('y', 3), ('z', 100)]),
        owned(&[(3, "y"), (20, "x"), (100, "z")])
    );
}

#[test]
fn one_group() {
    assert_eq!(transform(&[('h', 1), ('e', 1), ('y', 1)]), owned(&[(1, "hey")]));
}
