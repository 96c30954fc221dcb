use solution::*;

#[test]
fn small_values() {
    assert_eq!(binomial(0, 0), Some(1));
    assert_eq!(binomial(5, 0), Some(1));
    assert_eq!(binomial(5, 5), Some(1));
    assert_eq!(binomial(5, 2), Some(10));
    assert_eq!(binomial(10, 3), Some(120));
    assert_eq!(binomial(52, 5), Some(2_598_960));
}

#[test]
fn k_greater_than_n() {
    assert_eq!(binomial(3, 5), Some(0));
    assert_eq!(binomial(0, 1), Some(0));
    assert_eq!(binomial(10, u64::MAX), Some(0));
}

#[test]
fn large_results_that_fit() {
    assert_eq!(binomial(67, 33), Some(14_226_520_737_620_288_370));
    assert_eq!(binomial(66, 33), Some(7_219_428_434_016_265_740));
    assert_eq!(binomial(62, 31), Some(465_428_353_255_261_088));
    assert_eq!(binomial(100, 98), Some(4950));
    assert_eq!(binomial(1_000_000_000, 2), Some(499_999_999_500_000_000));
    assert_eq!(binomial(6_000_000_000, 2), Some(17_999_999_997_000_000_000));
    assert_eq!(binomial(6_000_000_000, 5_999_999_998), Some(17_999_999_997_000_000_000));
    assert_eq!(binomial(u64::MAX, 1), Some(u64::MAX));
    assert_eq!(binomial(u64::MAX, u64::MAX - 1), Some(u64::MAX));
}

#[test]
fn overflow_is_none() {
    assert_eq!(binomial(68, 34), None);
    assert_eq!(binomial(100, 50), None);
    assert_eq!(binomial(u64::MAX, 2), None);
    assert_eq!(binomial(6_000_000_000, 3), None);
    assert_eq!(binomial(u64::MAX, u64::MAX / 2), None);
}

#[test]
fn rows() {
    assert_eq!(pascal_row(0), Some(vec![1]));
    assert_eq!(pascal_row(1), Some(vec![1, 1]));
    assert_eq!(pascal_row(4), Some(vec![1, 4, 6, 4, 1]));
    assert_eq!(pascal_row(7), Some(vec![1, 7, 21, 35, 35, 21, 7, 1]));
}

#[test]
fn big_rows() {
    let row = pascal_row(67).unwrap();
    assert_eq!(row.len(), 68);
    assert_eq!(row[33], 14_226_520_737_620_288_370);
    assert_eq!(row[1], 67);
    assert_eq!(pascal_row(68), None);
}
