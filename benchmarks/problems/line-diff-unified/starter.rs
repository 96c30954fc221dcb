#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Keep(String),
    Delete(String),
    Insert(String),
}

pub fn diff_lines(old: &str, new: &str) -> Vec<Edit> {
    todo!("diff {old:?} {new:?}")
}

pub fn unified(old: &str, new: &str, context: usize) -> String {
    todo!("unified {old:?} {new:?} {context}")
}
