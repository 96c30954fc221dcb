pub fn top_words(text: &str, n: usize) -> Vec<(String, usize)> {
    todo!("top {n} words of {text:?}")
}
