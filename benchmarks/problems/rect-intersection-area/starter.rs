#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: u32,
    pub h: u32,
}

impl Rect {
    pub fn new(x: i32, y: i32, w: u32, h: u32) -> Rect {
        todo!()
    }

    pub fn area(&self) -> u64 {
        todo!()
    }

    pub fn contains(&self, px: i64, py: i64) -> bool {
        todo!()
    }

    pub fn intersection(&self, other: &Rect) -> Option<Rect> {
        todo!()
    }

    pub fn union_area(&self, other: &Rect) -> u128 {
        todo!()
    }
}

pub fn bounding_box(rects: &[Rect]) -> Option<Rect> {
    todo!()
}
