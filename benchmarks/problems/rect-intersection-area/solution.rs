#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: u32,
    pub h: u32,
}

impl Rect {
    pub fn new(x: i32, y: i32, w: u32, h: u32) -> Rect {
        Rect { x, y, w, h }
    }

    fn x2(&self) -> i64 {
        self.x as i64 + self.w as i64
    }

    fn y2(&self) -> i64 {
        self.y as i64 + self.h as i64
    }

    pub fn area(&self) -> u64 {
        self.w as u64 * self.h as u64
    }

    pub fn contains(&self, px: i64, py: i64) -> bool {
        px >= self.x as i64 && px < self.x2() && py >= self.y as i64 && py < self.y2()
    }

    pub fn intersection(&self, other: &Rect) -> Option<Rect> {
        let x1 = (self.x as i64).max(other.x as i64);
        let y1 = (self.y as i64).max(other.y as i64);
        let x2 = self.x2().min(other.x2());
        let y2 = self.y2().min(other.y2());
        if x2 <= x1 || y2 <= y1 {
            return None;
        }
        Some(Rect::new(x1 as i32, y1 as i32, (x2 - x1) as u32, (y2 - y1) as u32))
    }

    pub fn union_area(&self, other: &Rect) -> u128 {
        let inter = self.intersection(other).map_or(0, |r| r.area());
        self.area() as u128 + other.area() as u128 - inter as u128
    }
}

pub fn bounding_box(rects: &[Rect]) -> Option<Rect> {
    let first = rects.first()?;
    let (mut x1, mut y1, mut x2, mut y2) = (first.x as i64, first.y as i64, first.x2(), first.y2());
    for r in &rects[1..] {
        x1 = x1.min(r.x as i64);
        y1 = y1.min(r.y as i64);
        x2 = x2.max(r.x2());
        y2 = y2.max(r.y2());
    }
    let w = u32::try_from(x2 - x1).ok()?;
    let h = u32::try_from(y2 - y1).ok()?;
    Some(Rect::new(x1 as i32, y1 as i32, w, h))
}
