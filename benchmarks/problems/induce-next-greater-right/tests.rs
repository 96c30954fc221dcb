use solution::*;

#[test]
fn empty() {
    assert_eq!(transform(&[]), Vec::<Option<i32>>::new());
}

#[test]
fn strictly_increasing() {
    assert_eq!(transform(&[1, 2, 3, 4]), vec![Some(2), Some(3), Some(4), None]);
}

#[test]
fn equal_values_are_not_greater() {
    assert_eq!(transform(&[9, 9, 9]), vec![None, None, None]);
    assert_eq!(transform(&[0, -5, -1, -5, 0]), vec![None, Some(-1), Some(0), Some(0), None]);
}

#[test]
fn nearest_not_largest() {
    assert_eq!(transform(&[4, 1, 2, 3, 5]), vec![Some(5), Some(2), Some(3), Some(5), None]);
}

#[test]
fn mixed() {
    assert_eq!(
        transform(&[7, 3, 5, 1, 6, 2, 8]),
        vec![Some(8), Some(5), Some(6), Some(6), Some(8), Some(8), None]
    );
}

#[test]
fn extremes() {
    assert_eq!(transform(&[i32::MIN, i32::MAX]), vec![Some(i32::MAX), None]);
}
