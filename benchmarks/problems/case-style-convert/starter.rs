#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Snake,
    Kebab,
    Camel,
    Pascal,
    ScreamingSnake,
    Train,
}

pub fn convert_case(input: &str, to: Case) -> String {
    todo!("convert {input:?} to {to:?}")
}
