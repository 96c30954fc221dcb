use std::collections::HashMap;

#[derive(Debug, PartialEq, Eq)]
pub enum TemplateError {
    UnknownKey(String),
    Unclosed(usize),
    UnmatchedClose(usize),
    EmptyKey(usize),
}

pub fn render(template: &str, vars: &HashMap<String, String>) -> Result<String, TemplateError> {
    todo!("render {template:?} with {} vars", vars.len())
}
