use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum GradeError {
    ScoreOutOfRange(u32),
    UnknownStudent(String),
}

pub struct GradeBook {
    by_student: BTreeMap<String, Vec<u32>>,
}

impl GradeBook {
    pub fn new() -> GradeBook {
        GradeBook { by_student: BTreeMap::new() }
    }

    pub fn add_score(&mut self, student: &str, score: u32) -> Result<(), GradeError> {
        if score > 100 {
            return Err(GradeError::ScoreOutOfRange(score));
        }
        self.by_student.entry(student.to_string()).or_default().push(score);
        Ok(())
    }

    pub fn scores(&self, student: &str) -> Result<Vec<u32>, GradeError> {
        self.by_student
            .get(student)
            .cloned()
            .ok_or_else(|| GradeError::UnknownStudent(student.to_string()))
    }

    pub fn average(&self, student: &str) -> Result<f64, GradeError> {
        let s = self.scores(student)?;
        Ok(s.iter().map(|&x| x as f64).sum::<f64>() / s.len() as f64)
    }

    pub fn letter(&self, student: &str) -> Result<char, GradeError> {
        let a = self.average(student)?;
        Ok(if a >= 90.0 {
            'A'
        } else if a >= 80.0 {
            'B'
        } else if a >= 70.0 {
            'C'
        } else if a >= 60.0 {
            'D'
        } else {
            'F'
        })
    }

    pub fn ranking(&self) -> Vec<(String, f64)> {
        let mut v: Vec<(String, f64)> = self
            .by_student
            .keys()
            .map(|k| (k.clone(), self.average(k).unwrap()))
            .collect();
        v.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then_with(|| a.0.cmp(&b.0)));
        v
    }

    pub fn class_average(&self) -> Option<f64> {
        let all: Vec<u32> = self.by_student.values().flatten().copied().collect();
        if all.is_empty() {
            None
        } else {
            Some(all.iter().map(|&x| x as f64).sum::<f64>() / all.len() as f64)
        }
    }
}
