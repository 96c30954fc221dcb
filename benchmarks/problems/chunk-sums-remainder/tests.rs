use solution::*;

#[test]
fn sums() {
    assert_eq!(chunk_sums(&[1, 2, 3, 4, 5], 2), vec![3, 7, 5]);
    assert_eq!(chunk_sums(&[1, 2, 3, 4], 2), vec![3, 7]);
    assert_eq!(chunk_sums(&[1, 2, 3], 10), vec![6]);
    assert_eq!(chunk_sums(&[-1, 1, -5], 1), vec![-1, 1, -5]);
    assert_eq!(chunk_sums(&[], 3), Vec::<i64>::new());
}

#[test]
fn padding() {
    assert_eq!(pad_chunks(&[1, 2, 3], 2, 0), vec![vec![1, 2], vec![3, 0]]);
    assert_eq!(pad_chunks(&[1, 2, 3, 4], 2, 9), vec![vec![1, 2], vec![3, 4]]);
    assert_eq!(pad_chunks(&[7], 4, -1), vec![vec![7, -1, -1, -1]]);
    assert_eq!(pad_chunks(&[], 4, -1), Vec::<Vec<i64>>::new());
}

#[test]
fn complete_chunks() {
    assert_eq!(full_chunk_maxes(&[4, 1, 9, 2, 7], 2), (vec![4, 9], vec![7]));
    assert_eq!(full_chunk_maxes(&[4, 1, 9, 2], 2), (vec![4, 9], vec![]));
    assert_eq!(full_chunk_maxes(&[4, 1], 3), (vec![], vec![4, 1]));
    assert_eq!(full_chunk_maxes(&[-3, -8, -1, -2, -9, -4, 5], 3), (vec![-1, -2], vec![5]));
    assert_eq!(full_chunk_maxes(&[], 3), (vec![], vec![]));
}

#[test]
#[should_panic]
fn zero_size_sums_panics() {
    chunk_sums(&[1], 0);
}

#[test]
#[should_panic]
fn zero_size_pad_panics() {
    pad_chunks(&[], 0, 1);
}

#[test]
#[should_panic]
fn zero_size_maxes_panics() {
    full_chunk_maxes(&[1, 2], 0);
}

#[test]
fn interleaving() {
    assert_eq!(interleave(&[1, 2, 3], &[10]), vec![1, 10, 2, 3]);
    assert_eq!(interleave(&[1], &[10, 20, 30]), vec![1, 10, 20, 30]);
    assert_eq!(interleave(&[1, 2], &[10, 20]), vec![1, 10, 2, 20]);
    assert_eq!(interleave(&[], &[5, 6]), vec![5, 6]);
    assert_eq!(interleave(&[], &[]), Vec::<i64>::new());
}
