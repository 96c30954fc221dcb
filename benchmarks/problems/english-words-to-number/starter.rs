pub fn words_to_number(s: &str) -> Option<u64> {
    todo!("parse {s:?}")
}
