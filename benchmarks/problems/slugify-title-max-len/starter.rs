pub fn slugify(title: &str, max_len: usize) -> String {
    todo!("slugify {title:?} to at most {max_len}")
}
