#[derive(Debug, Clone, PartialEq)]
pub enum GradeError {
    ScoreOutOfRange(u32),
    UnknownStudent(String),
}

pub struct GradeBook {}

impl GradeBook {
    pub fn new() -> GradeBook {
        todo!()
    }

    pub fn add_score(&mut self, student: &str, score: u32) -> Result<(), GradeError> {
        todo!()
    }

    pub fn scores(&self, student: &str) -> Result<Vec<u32>, GradeError> {
        todo!()
    }

    pub fn average(&self, student: &str) -> Result<f64, GradeError> {
        todo!()
    }

    pub fn letter(&self, student: &str) -> Result<char, GradeError> {
        todo!()
    }

    pub fn ranking(&self) -> Vec<(String, f64)> {
        todo!()
    }

    pub fn class_average(&self) -> Option<f64> {
        todo!()
    }
}
