use std::ops::{Add, Mul, Neg, Sub};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vec2 {
    pub x: f64,
    pub y: f64,
}

impl Vec2 {
    pub fn new(x: f64, y: f64) -> Vec2 {
        todo!()
    }

    pub fn dot(self, other: Vec2) -> f64 {
        todo!()
    }

    pub fn cross(self, other: Vec2) -> f64 {
        todo!()
    }

    pub fn length(self) -> f64 {
        todo!()
    }

    pub fn distance(self, other: Vec2) -> f64 {
        todo!()
    }

    pub fn normalized(self) -> Option<Vec2> {
        todo!()
    }

    pub fn perp(self) -> Vec2 {
        todo!()
    }

    pub fn lerp(self, other: Vec2, t: f64) -> Vec2 {
        todo!()
    }

    pub fn project_onto(self, onto: Vec2) -> Option<Vec2> {
        todo!()
    }
}

impl Add for Vec2 {
    type Output = Vec2;
    fn add(self, rhs: Vec2) -> Vec2 {
        todo!()
    }
}

impl Sub for Vec2 {
    type Output = Vec2;
    fn sub(self, rhs: Vec2) -> Vec2 {
        todo!()
    }
}

impl Neg for Vec2 {
    type Output = Vec2;
    fn neg(self) -> Vec2 {
        todo!()
    }
}

impl Mul<f64> for Vec2 {
    type Output = Vec2;
    fn mul(self, rhs: f64) -> Vec2 {
        todo!()
    }
}
