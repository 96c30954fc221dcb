use solution::*;

fn r(x: i32, y: i32, w: u32, h: u32) -> Rect {
    Rect::new(x, y, w, h)
}

#[test]
fn area_and_fields() {
    let a = r(-3, 2, 4, 5);
    assert_eq!((a.x, a.y, a.w, a.h), (-3, 2, 4, 5));
    assert_eq!(a.area(), 20);
    assert_eq!(r(0, 0, 0, 9).area(), 0);
    assert_eq!(r(0, 0, u32::MAX, u32::MAX).area(), u32::MAX as u64 * u32::MAX as u64);
}

#[test]
fn containment_half_open() {
    let a = r(0, 0, 4, 3);
    assert!(a.contains(0, 0));
    assert!(a.contains(3, 2));
    assert!(!a.contains(4, 0));
    assert!(!a.contains(0, 3));
    assert!(!a.contains(-1, 1));
    assert!(!r(5, 5, 0, 10).contains(5, 5));
    let big = r(i32::MAX - 1, 0, 10, 1);
    assert!(big.contains(i32::MAX as i64 + 5, 0));
    assert!(!big.contains(i32::MAX as i64 + 9, 0));
}

#[test]
fn intersections() {
    assert_eq!(r(0, 0, 4, 4).intersection(&r(2, 1, 5, 2)), Some(r(2, 1, 2, 2)));
    assert_eq!(r(2, 1, 5, 2).intersection(&r(0, 0, 4, 4)), Some(r(2, 1, 2, 2)));
    assert_eq!(r(0, 0, 10, 10).intersection(&r(3, 3, 2, 2)), Some(r(3, 3, 2, 2)));
    assert_eq!(r(-5, -5, 10, 10).intersection(&r(-10, 0, 7, 1)), Some(r(-5, 0, 2, 1)));
}

#[test]
fn no_intersection() {
    assert_eq!(r(0, 0, 2, 2).intersection(&r(2, 0, 2, 2)), None); // shared edge
    assert_eq!(r(0, 0, 2, 2).intersection(&r(2, 2, 2, 2)), None); // shared corner
    assert_eq!(r(0, 0, 2, 2).intersection(&r(5, 5, 1, 1)), None);
    assert_eq!(r(0, 0, 5, 5).intersection(&r(1, 1, 0, 3)), None); // empty rect
}

#[test]
fn union_areas() {
    assert_eq!(r(0, 0, 4, 4).union_area(&r(2, 1, 5, 2)), 16 + 10 - 4);
    assert_eq!(r(0, 0, 2, 2).union_area(&r(2, 0, 2, 2)), 8);
    assert_eq!(r(0, 0, 10, 10).union_area(&r(3, 3, 2, 2)), 100);
    let huge = r(i32::MIN, i32::MIN, u32::MAX, u32::MAX);
    assert_eq!(huge.union_area(&huge), huge.area() as u128);
    let other = r(i32::MAX, i32::MAX, u32::MAX, u32::MAX);
    assert_eq!(huge.union_area(&other), 2 * huge.area() as u128);
}

#[test]
fn bounding_boxes() {
    assert_eq!(bounding_box(&[]), None);
    assert_eq!(bounding_box(&[r(1, 2, 3, 4)]), Some(r(1, 2, 3, 4)));
    assert_eq!(bounding_box(&[r(0, 0, 1, 1), r(5, -2, 2, 1)]), Some(r(0, -2, 7, 3)));
    // zero-size rectangles still extend the box
    assert_eq!(bounding_box(&[r(0, 0, 1, 1), r(10, 10, 0, 0)]), Some(r(0, 0, 10, 10)));
}

#[test]
fn bounding_box_too_large() {
    assert_eq!(
        bounding_box(&[r(i32::MIN, 0, 1, 1), r(i32::MAX, 0, 0, 1)]),
        Some(r(i32::MIN, 0, u32::MAX, 1))
    );
    assert_eq!(bounding_box(&[r(i32::MIN, 0, 1, 1), r(i32::MAX, 0, 1, 1)]), None);
    assert_eq!(bounding_box(&[r(0, i32::MIN, 1, 1), r(0, 0, 1, u32::MAX)]), None);
}
