pub fn parse_roman(s: &str) -> Option<u32> {
    todo!("parse {s:?}")
}
