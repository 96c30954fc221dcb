use solution::*;

const SQUARE: [(i64, i64); 4] = [(0, 0), (4, 0), (4, 4), (0, 4)];

#[test]
fn square_ccw() {
    assert_eq!(twice_signed_area(&SQUARE), 32);
    assert_eq!(area(&SQUARE), 16.0);
    assert_eq!(orientation(&SQUARE), Orientation::CounterClockwise);
    assert_eq!(perimeter(&SQUARE), 16.0);
    assert_eq!(boundary_lattice_points(&SQUARE), 16);
}

#[test]
fn clockwise_triangle() {
    let t = [(0, 0), (0, 3), (4, 0)];
    assert_eq!(twice_signed_area(&t), -12);
    assert_eq!(area(&t), 6.0);
    assert_eq!(orientation(&t), Orientation::Clockwise);
    assert!((perimeter(&t) - 12.0).abs() < 1e-9);
    assert_eq!(boundary_lattice_points(&t), 3 + 1 + 4);
}

#[test]
fn half_area_and_concave() {
    let t = [(0, 0), (1, 0), (0, 1)];
    assert_eq!(area(&t), 0.5);
    // L-shaped hexagon, area 3
    let l = [(0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2)];
    assert_eq!(twice_signed_area(&l), 6);
    assert_eq!(area(&l), 3.0);
    assert_eq!(boundary_lattice_points(&l), 8);
}

#[test]
fn degenerate_inputs() {
    assert_eq!(twice_signed_area(&[]), 0);
    assert_eq!(orientation(&[]), Orientation::Degenerate);
    assert_eq!(perimeter(&[]), 0.0);
    assert_eq!(perimeter(&[(5, 5)]), 0.0);
    assert_eq!(boundary_lattice_points(&[(5, 5)]), 0);
    assert_eq!(twice_signed_area(&[(0, 0), (3, 4)]), 0);
    assert_eq!(perimeter(&[(0, 0), (3, 4)]), 10.0);
    assert_eq!(boundary_lattice_points(&[(0, 0), (3, 6)]), 6);
    let collinear = [(0, 0), (1, 1), (2, 2)];
    assert_eq!(orientation(&collinear), Orientation::Degenerate);
    assert_eq!(area(&collinear), 0.0);
}

#[test]
fn huge_coordinates() {
    let m = i64::MAX;
    let sq = [(0, 0), (m, 0), (m, m), (0, m)];
    assert_eq!(twice_signed_area(&sq), 2 * (m as i128) * (m as i128));
    let k = 1i64 << 61;
    let sq2 = [(-k, -k), (k, -k), (k, k), (-k, k)];
    assert_eq!(twice_signed_area(&sq2), 1i128 << 125);
    let t = [(i64::MIN, 0), (0, 0), (0, 1)];
    assert_eq!(boundary_lattice_points(&t), (1u64 << 63) + 2);
    assert_eq!(twice_signed_area(&t), -(i64::MIN as i128));
}

#[test]
fn rotation_of_vertices_keeps_area() {
    let p = [(1, 1), (5, 2), (6, 6), (2, 5)];
    let q = [(6, 6), (2, 5), (1, 1), (5, 2)];
    assert_eq!(twice_signed_area(&p), twice_signed_area(&q));
    let mut r = p;
    r.reverse();
    assert_eq!(twice_signed_area(&r), -twice_signed_area(&p));
}
