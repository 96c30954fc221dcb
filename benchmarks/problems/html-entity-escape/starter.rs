pub fn escape_html(s: &str) -> String {
    todo!("escape {s:?}")
}

pub fn unescape_html(s: &str) -> String {
    todo!("unescape {s:?}")
}
