pub fn wrap(text: &str, width: usize) -> Vec<String> {
    todo!("wrap {text:?} at {width}")
}
