/// Uppercases the first char of every whitespace-separated word and lowercases the rest.
pub fn capitalize_words(s: &str) -> String {
    todo!("capitalize {s:?}")
}
