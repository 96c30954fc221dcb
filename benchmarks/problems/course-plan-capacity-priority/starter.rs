#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    ZeroCapacity,
    DuplicateCourse(String),
    UnknownPrerequisite { course: String, prerequisite: String },
    Cycle(Vec<String>),
}

pub fn plan_semesters(
    courses: &[(&str, Vec<&str>)],
    max_per_semester: usize,
) -> Result<Vec<Vec<String>>, PlanError> {
    todo!("plan {} courses, at most {max_per_semester} per semester", courses.len())
}
