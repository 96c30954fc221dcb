pub fn transform(text: &str) -> String {
    todo!("transform {text:?}")
}
