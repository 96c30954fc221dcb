pub fn is_valid_email(s: &str) -> bool {
    todo!("validate {s:?}")
}
