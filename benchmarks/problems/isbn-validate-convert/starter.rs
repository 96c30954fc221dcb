pub fn is_valid_isbn10(s: &str) -> bool {
    todo!("check {s:?}")
}

pub fn is_valid_isbn13(s: &str) -> bool {
    todo!("check {s:?}")
}

pub fn isbn10_to_isbn13(s: &str) -> Option<String> {
    todo!("convert {s:?}")
}
