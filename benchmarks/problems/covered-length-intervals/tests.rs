use solution::*;

#[test]
fn lengths() {
    assert_eq!(covered_length(&[(1, 4), (2, 6), (8, 9)]), 6);
    assert_eq!(covered_length(&[]), 0);
    assert_eq!(covered_length(&[(5, 5), (7, 3)]), 0);
    assert_eq!(covered_length(&[(1, 3), (3, 5)]), 4);
    assert_eq!(covered_length(&[(0, 10), (2, 3), (4, 5)]), 10);
    assert_eq!(covered_length(&[(-10, -5), (-7, 0)]), 10);
}

#[test]
fn huge_lengths() {
    assert_eq!(covered_length(&[(i64::MIN, i64::MAX)]), u64::MAX);
    assert_eq!(covered_length(&[(i64::MIN, 0), (0, i64::MAX)]), u64::MAX);
    assert_eq!(covered_length(&[(i64::MIN, 0), (-5, 10)]), (1u64 << 63) + 10);
}

#[test]
fn gap_listing() {
    assert_eq!(gaps(&[(1, 4), (2, 6), (8, 9)], 0, 10), vec![(0, 1), (6, 8), (9, 10)]);
    assert_eq!(gaps(&[(1, 4), (2, 6), (8, 9)], 2, 7), vec![(6, 7)]);
    assert_eq!(gaps(&[(1, 4)], 1, 4), vec![]);
    assert_eq!(gaps(&[], 3, 5), vec![(3, 5)]);
    assert_eq!(gaps(&[(0, 100)], 5, 5), vec![]);
    assert_eq!(gaps(&[(0, 100)], 9, 2), vec![]);
}

#[test]
fn gaps_outside_and_touching() {
    assert_eq!(gaps(&[(-5, 0), (20, 30)], 0, 20), vec![(0, 20)]);
    assert_eq!(gaps(&[(1, 3), (3, 5)], 0, 6), vec![(0, 1), (5, 6)]);
    assert_eq!(gaps(&[(4, 2), (0, 1)], 0, 3), vec![(1, 3)]);
    assert_eq!(gaps(&[(i64::MIN, -1)], i64::MIN, i64::MAX), vec![(-1, i64::MAX)]);
}

#[test]
fn overlaps() {
    assert_eq!(max_overlap(&[(1, 4), (2, 6), (3, 5), (5, 7)]), 3);
    assert_eq!(max_overlap(&[(1, 3), (3, 5)]), 1);
    assert_eq!(max_overlap(&[]), 0);
    assert_eq!(max_overlap(&[(2, 2)]), 0);
    assert_eq!(max_overlap(&[(0, 10), (0, 10), (0, 10)]), 3);
    assert_eq!(max_overlap(&[(1, 2), (3, 4), (5, 6)]), 1);
    assert_eq!(max_overlap(&[(i64::MIN, i64::MAX), (0, 1), (9, 3)]), 2);
}
