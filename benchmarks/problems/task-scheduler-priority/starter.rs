#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: String,
    pub duration: u64,
    pub priority: i32,
    pub release: u64,
    pub deps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id: String,
    pub worker: usize,
    pub start: u64,
    pub end: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    NoWorkers,
    DuplicateId(String),
    UnknownDependency { task: String, dep: String },
    Cycle(Vec<String>),
}

pub fn schedule(tasks: &[Task], workers: usize) -> Result<Vec<Slot>, ScheduleError> {
    todo!("schedule {} tasks on {workers} workers", tasks.len())
}
