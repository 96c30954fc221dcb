pub fn quote_json(s: &str) -> String {
    todo!("quote {s:?}")
}

pub fn unquote_json(literal: &str) -> Option<String> {
    todo!("unquote {literal:?}")
}
