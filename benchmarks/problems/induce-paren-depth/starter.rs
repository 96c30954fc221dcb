pub fn transform(text: &str) -> Option<usize> {
    todo!("transform {text:?}")
}
