#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderError {
    UnknownTask(String),
    Cycle(Vec<String>),
}

pub fn build_order(tasks: &[&str], deps: &[(&str, &str)]) -> Result<Vec<String>, OrderError> {
    todo!("order {} tasks with {} dependencies", tasks.len(), deps.len())
}
