pub fn format_cents(cents: i64, symbol: &str) -> String {
    todo!("format {cents} with {symbol:?}")
}

pub fn parse_cents(s: &str, symbol: &str) -> Option<i64> {
    todo!("parse {s:?} with {symbol:?}")
}
