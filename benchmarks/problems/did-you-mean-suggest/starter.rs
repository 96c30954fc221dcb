pub fn edit_distance(a: &str, b: &str) -> usize {
    todo!("distance {a:?} {b:?}")
}

pub fn suggest<'a>(word: &str, candidates: &[&'a str], max_distance: usize) -> Vec<&'a str> {
    todo!("suggest for {word:?} among {candidates:?} within {max_distance}")
}
