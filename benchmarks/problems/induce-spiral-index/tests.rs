use solution::*;

#[test]
fn second_ring_sides() {
    assert_eq!(transform(2, 1), 11);
    assert_eq!(transform(0, -2), 22);
    assert_eq!(transform(-2, 0), 18);
}

#[test]
fn third_ring() {
    assert_eq!(transform(3, -2), 25);
    assert_eq!(transform(0, 3), 33);
    assert_eq!(transform(-3, -3), 42);
    assert_eq!(transform(1, -3), 46);
}

#[test]
fn corners_further_out() {
    assert_eq!(transform(5, -5), 120);
    assert_eq!(transform(10, 10), 380);
}

#[test]
fn left_side() {
    assert_eq!(transform(-7, 3), 200);
}

#[test]
fn far_away() {
    assert_eq!(transform(1_000_000, -999_999), 3_999_996_000_001);
}

#[test]
fn every_index_once() {
    let mut seen = vec![false; 81];
    for x in -4..=4 {
        for y in -4..=4 {
            let i = transform(x, y) as usize;
            assert!(i < 81 && !seen[i], "index {i} for ({x},{y})");
            seen[i] = true;
        }
    }
}
