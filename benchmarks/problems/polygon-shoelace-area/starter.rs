#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    CounterClockwise,
    Clockwise,
    Degenerate,
}

pub fn twice_signed_area(points: &[(i64, i64)]) -> i128 {
    todo!()
}

pub fn area(points: &[(i64, i64)]) -> f64 {
    todo!()
}

pub fn orientation(points: &[(i64, i64)]) -> Orientation {
    todo!()
}

pub fn perimeter(points: &[(i64, i64)]) -> f64 {
    todo!()
}

pub fn boundary_lattice_points(points: &[(i64, i64)]) -> u64 {
    todo!()
}
