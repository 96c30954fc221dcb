use solution::*;

#[test]
fn split_positive() {
    assert_eq!(split_even(100, 3), vec![34, 33, 33]);
    assert_eq!(split_even(100, 4), vec![25, 25, 25, 25]);
    assert_eq!(split_even(2, 4), vec![1, 1, 0, 0]);
    assert_eq!(split_even(7, 1), vec![7]);
    assert_eq!(split_even(0, 3), vec![0, 0, 0]);
}

#[test]
fn split_negative() {
    assert_eq!(split_even(-100, 3), vec![-34, -33, -33]);
    assert_eq!(split_even(-2, 4), vec![-1, -1, 0, 0]);
    assert_eq!(split_even(-9, 2), vec![-5, -4]);
}

#[test]
fn split_edge_cases() {
    assert_eq!(split_even(100, 0), Vec::<i64>::new());
    let v = split_even(i64::MIN, 3);
    assert_eq!(v.iter().map(|&x| x as i128).sum::<i128>(), i64::MIN as i128);
    assert_eq!(v, vec![-3074457345618258603, -3074457345618258603, -3074457345618258602]);
    let v = split_even(i64::MAX, 2);
    assert_eq!(v, vec![4611686018427387904, 4611686018427387903]);
}

#[test]
fn allocate_basic() {
    assert_eq!(allocate(100, &[1, 1, 1]), Some(vec![34, 33, 33]));
    assert_eq!(allocate(100, &[0, 1, 2]), Some(vec![0, 33, 67]));
    assert_eq!(allocate(10, &[3, 7]), Some(vec![3, 7]));
    assert_eq!(allocate(0, &[3, 7]), Some(vec![0, 0]));
    assert_eq!(allocate(5, &[1]), Some(vec![5]));
}

#[test]
fn allocate_remainder_order() {
    // remainders: 7*1 mod 4 = 3 for each, 1 extra cent each for the first three
    assert_eq!(allocate(7, &[1, 1, 1, 1]), Some(vec![2, 2, 2, 1]));
    // largest remainder wins regardless of position
    // 10*1/6 = 1 r4, 10*2/6 = 3 r2, 10*3/6 = 5 r0 -> missing 1 -> index 0
    assert_eq!(allocate(10, &[1, 2, 3]), Some(vec![2, 3, 5]));
    // 11*3/10 = 3 r3, 11*3/10 = 3 r3, 11*4/10 = 4 r4 -> missing 1 -> index 2
    assert_eq!(allocate(11, &[3, 3, 4]), Some(vec![3, 3, 5]));
}

#[test]
fn allocate_invalid() {
    assert_eq!(allocate(100, &[]), None);
    assert_eq!(allocate(100, &[0, 0]), None);
}

#[test]
fn allocate_large() {
    let v = allocate(u64::MAX, &[u32::MAX, u32::MAX, 1]).unwrap();
    assert_eq!(v.iter().map(|&x| x as u128).sum::<u128>(), u64::MAX as u128);
    assert_eq!(v, vec![9223372035781033984, 9223372035781033983, 2147483648]);
}
