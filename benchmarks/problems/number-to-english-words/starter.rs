pub fn number_to_words(n: u64) -> String {
    todo!("spell {n}")
}
