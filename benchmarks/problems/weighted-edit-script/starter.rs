#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Costs {
    pub insert: u32,
    pub delete: u32,
    pub substitute: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Keep(char),
    Substitute(char, char),
    Delete(char),
    Insert(char),
}

pub fn edit_script(from: &str, to: &str, costs: Costs) -> (u64, Vec<Edit>) {
    todo!("edit {from:?} into {to:?} with {costs:?}")
}
