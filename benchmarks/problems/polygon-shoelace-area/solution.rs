#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    CounterClockwise,
    Clockwise,
    Degenerate,
}

fn edges(points: &[(i64, i64)]) -> impl Iterator<Item = ((i64, i64), (i64, i64))> + '_ {
    let n = points.len();
    (0..n).map(move |i| (points[i], points[(i + 1) % n]))
}

pub fn twice_signed_area(points: &[(i64, i64)]) -> i128 {
    if points.len() < 3 {
        return 0;
    }
    edges(points)
        .map(|((x1, y1), (x2, y2))| x1 as i128 * y2 as i128 - x2 as i128 * y1 as i128)
        .sum()
}

pub fn area(points: &[(i64, i64)]) -> f64 {
    twice_signed_area(points).unsigned_abs() as f64 / 2.0
}

pub fn orientation(points: &[(i64, i64)]) -> Orientation {
    let a = twice_signed_area(points);
    if a > 0 {
        Orientation::CounterClockwise
    } else if a < 0 {
        Orientation::Clockwise
    } else {
        Orientation::Degenerate
    }
}

pub fn perimeter(points: &[(i64, i64)]) -> f64 {
    if points.len() < 2 {
        return 0.0;
    }
    edges(points)
        .map(|((x1, y1), (x2, y2))| {
            let dx = (x2 as i128 - x1 as i128) as f64;
            let dy = (y2 as i128 - y1 as i128) as f64;
            dx.hypot(dy)
        })
        .sum()
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

pub fn boundary_lattice_points(points: &[(i64, i64)]) -> u64 {
    if points.len() < 2 {
        return 0;
    }
    edges(points)
        .map(|((x1, y1), (x2, y2))| {
            let dx = (x2 as i128 - x1 as i128).unsigned_abs();
            let dy = (y2 as i128 - y1 as i128).unsigned_abs();
            gcd(dx, dy) as u64
        })
        .sum()
}
