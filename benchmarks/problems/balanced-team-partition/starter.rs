pub fn min_difference_any(skills: &[u32]) -> u64 {
    todo!("split {} players freely", skills.len())
}

pub fn min_difference_balanced(skills: &[u32]) -> u64 {
    todo!("split {} players into equal-size teams", skills.len())
}
