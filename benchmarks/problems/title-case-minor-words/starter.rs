pub fn title_case(s: &str) -> String {
    todo!("title case {s:?}")
}
