#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub records: Vec<usize>,
    pub names: Vec<String>,
    pub phones: Vec<String>,
}

pub fn merge_records(records: &[(&str, Vec<&str>)]) -> Vec<Person> {
    todo!("merge {} records", records.len())
}
