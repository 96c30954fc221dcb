use std::cmp::Ordering;

pub fn compare_dotted(a: &str, b: &str) -> Ordering {
    todo!("compare {a:?} {b:?}")
}

pub fn max_version<'a>(versions: &[&'a str]) -> Option<&'a str> {
    todo!("max of {versions:?}")
}
