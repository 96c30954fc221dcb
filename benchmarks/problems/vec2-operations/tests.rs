use solution::*;

fn v(x: f64, y: f64) -> Vec2 {
    Vec2::new(x, y)
}

fn close(a: Vec2, b: Vec2) -> bool {
    (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9
}

#[test]
fn operators() {
    assert_eq!(v(1.0, 2.0) + v(3.0, -5.0), v(4.0, -3.0));
    assert_eq!(v(1.0, 2.0) - v(3.0, -5.0), v(-2.0, 7.0));
    assert_eq!(-v(1.5, -2.0), v(-1.5, 2.0));
    assert_eq!(v(1.5, -2.0) * 2.0, v(3.0, -4.0));
    assert_eq!(Vec2::new(7.0, 8.0).x, 7.0);
}

#[test]
fn products() {
    assert_eq!(v(1.0, 2.0).dot(v(3.0, 4.0)), 11.0);
    assert_eq!(v(1.0, 0.0).dot(v(0.0, 1.0)), 0.0);
    assert_eq!(v(1.0, 0.0).cross(v(0.0, 1.0)), 1.0);
    assert_eq!(v(0.0, 1.0).cross(v(1.0, 0.0)), -1.0);
    assert_eq!(v(2.0, 3.0).cross(v(4.0, 5.0)), -2.0);
    assert_eq!(v(2.0, 4.0).cross(v(1.0, 2.0)), 0.0);
}

#[test]
fn lengths() {
    assert_eq!(v(3.0, 4.0).length(), 5.0);
    assert_eq!(v(0.0, 0.0).length(), 0.0);
    assert_eq!(v(1.0, 1.0).distance(v(4.0, 5.0)), 5.0);
    assert_eq!(v(-3.0, 0.0).length(), 3.0);
}

#[test]
fn normalization() {
    assert!(close(v(3.0, 4.0).normalized().unwrap(), v(0.6, 0.8)));
    assert!(close(v(0.0, -2.0).normalized().unwrap(), v(0.0, -1.0)));
    assert_eq!(v(0.0, 0.0).normalized(), None);
}

#[test]
fn perpendicular() {
    assert_eq!(v(2.0, 3.0).perp(), v(-3.0, 2.0));
    assert_eq!(v(1.0, 0.0).perp(), v(0.0, 1.0));
    assert_eq!(v(2.0, 3.0).perp().dot(v(2.0, 3.0)), 0.0);
    assert_eq!(v(2.0, 3.0).perp().perp(), -v(2.0, 3.0));
}

#[test]
fn interpolation() {
    assert_eq!(v(0.0, 0.0).lerp(v(10.0, -4.0), 0.5), v(5.0, -2.0));
    assert_eq!(v(1.0, 1.0).lerp(v(3.0, 5.0), 0.0), v(1.0, 1.0));
    assert_eq!(v(1.0, 1.0).lerp(v(3.0, 5.0), 1.0), v(3.0, 5.0));
    assert_eq!(v(0.0, 0.0).lerp(v(1.0, 2.0), 2.0), v(2.0, 4.0));
}

#[test]
fn projection() {
    assert!(close(v(3.0, 4.0).project_onto(v(2.0, 0.0)).unwrap(), v(3.0, 0.0)));
    assert!(close(v(2.0, 2.0).project_onto(v(1.0, -1.0)).unwrap(), v(0.0, 0.0)));
    assert!(close(v(1.0, 3.0).project_onto(v(1.0, 1.0)).unwrap(), v(2.0, 2.0)));
    assert_eq!(v(1.0, 3.0).project_onto(v(0.0, 0.0)), None);
}
