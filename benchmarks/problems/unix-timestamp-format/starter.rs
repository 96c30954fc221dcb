pub fn format_timestamp(secs: i64) -> Option<String> {
    todo!("format {secs}")
}

pub fn parse_timestamp(s: &str) -> Option<i64> {
    todo!("parse {s:?}")
}
