use solution::*;

#[test]
fn width_five() {
    assert_eq!(transform(&[1, 2, 3, 4, 5, 6], 5), vec![15, 20]);
}

#[test]
fn negative_values() {
    assert_eq!(transform(&[-5, -5, -5, -5], 2), vec![-10, -10, -10]);
}

#[test]
fn too_wide() {
    assert_eq!(transform(&[7, 1], 3), Vec::<i32>::new());
}

#[test]
fn width_one_copies() {
    assert_eq!(transform(&[0, 0, 0], 1), vec![0, 0, 0]);
}

#[test]
fn whole_list() {
    assert_eq!(transform(&[100, 200, 300], 3), vec![600]);
}

#[test]
fn longer_list() {
    let v: Vec<i32> = (1..=10).collect();
    assert_eq!(transform(&v, 4), vec![10, 14, 18, 22, 26, 30, 34]);
}
