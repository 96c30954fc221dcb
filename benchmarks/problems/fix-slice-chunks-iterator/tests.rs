use solution::*;

#[test]
fn forward_with_short_last_chunk() {
    let v = [1, 2, 3, 4, 5, 6, 7];
    let got: Vec<&[i32]> = chunks(&v, 3).collect();
    assert_eq!(got, vec![&[1, 2, 3][..], &[4, 5, 6][..], &[7][..]]);
}

#[test]
fn exact_division() {
    let v = [1, 2, 3, 4];
    let got: Vec<&[i32]> = chunks(&v, 2).collect();
    assert_eq!(got, vec![&[1, 2][..], &[3, 4][..]]);
    assert_eq!(chunks(&v, 2).len(), 2);
}

#[test]
fn size_larger_than_slice_and_empty() {
    let v = ["a".to_string(), "b".to_string()];
    let got: Vec<&[String]> = chunks(&v, 10).collect();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0], &v[..]);
    let e: [u8; 0] = [];
    assert_eq!(chunks(&e, 3).next(), None);
    assert_eq!(chunks(&e, 3).len(), 0);
}

#[test]
fn len_counts_partial_chunk() {
    let v: Vec<u32> = (0..10).collect();
    let mut it = chunks(&v, 4);
    assert_eq!(it.len(), 3);
    assert_eq!(it.size_hint(), (3, Some(3)));
    it.next();
    assert_eq!(it.len(), 2);
    it.next();
    it.next();
    assert_eq!(it.len(), 0);
}

#[test]
fn backward_starts_with_short_chunk() {
    let v = [1, 2, 3, 4, 5, 6, 7];
    let got: Vec<&[i32]> = chunks(&v, 3).rev().collect();
    assert_eq!(got, vec![&[7][..], &[4, 5, 6][..], &[1, 2, 3][..]]);
}

#[test]
fn mixed_front_and_back() {
    let v: Vec<u32> = (1..=8).collect();
    let mut it = chunks(&v, 3);
    assert_eq!(it.next_back(), Some(&[7, 8][..]));
    assert_eq!(it.next(), Some(&[1, 2, 3][..]));
    assert_eq!(it.next_back(), Some(&[4, 5, 6][..]));
    assert_eq!(it.next(), None);
    assert_eq!(it.next_back(), None);
}

#[test]
#[should_panic]
fn zero_size_panics() {
    let _ = chunks(&[1, 2, 3], 0);
}
