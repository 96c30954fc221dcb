use std::cmp::Ordering;

pub fn is_valid_semver(s: &str) -> bool {
    todo!("validate {s:?}")
}

pub fn compare_semver(a: &str, b: &str) -> Option<Ordering> {
    todo!("compare {a:?} and {b:?}")
}
