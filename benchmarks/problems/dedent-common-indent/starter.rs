pub fn dedent(text: &str) -> String {
    todo!("dedent {text:?}")
}

pub fn indent(text: &str, prefix: &str) -> String {
    todo!("indent {text:?} with {prefix:?}")
}
