use solution::*;

#[test]
fn unsorted_overlapping() {
    assert_eq!(merge_intervals(&[(5, 8), (1, 3), (2, 4)]), vec![(1, 4), (5, 8)]);
}

#[test]
fn touching_intervals_merge() {
    assert_eq!(merge_intervals(&[(1, 3), (3, 5)]), vec![(1, 5)]);
    assert_eq!(merge_intervals(&[(3, 5), (1, 3)]), vec![(1, 5)]);
    assert_eq!(merge_intervals(&[(1, 3), (4, 5)]), vec![(1, 3), (4, 5)]);
}

#[test]
fn contained_interval_does_not_shrink() {
    assert_eq!(merge_intervals(&[(1, 10), (2, 3)]), vec![(1, 10)]);
    assert_eq!(merge_intervals(&[(0, 100), (10, 20), (30, 40), (99, 101)]), vec![(0, 101)]);
}

#[test]
fn empty_intervals_ignored() {
    assert_eq!(merge_intervals(&[]), vec![]);
    assert_eq!(merge_intervals(&[(4, 4), (6, 2)]), vec![]);
    assert_eq!(merge_intervals(&[(1, 2), (2, 2), (5, 6)]), vec![(1, 2), (5, 6)]);
}

#[test]
fn negative_coordinates() {
    assert_eq!(merge_intervals(&[(-5, -1), (-10, -6), (-6, -5)]), vec![(-10, -1)]);
}

#[test]
fn covered_length_of_union() {
    assert_eq!(covered_length(&[(0, 2), (1, 3), (7, 7)]), 3);
    assert_eq!(covered_length(&[(10, 20), (0, 5), (3, 12)]), 20);
    assert_eq!(covered_length(&[]), 0);
}
