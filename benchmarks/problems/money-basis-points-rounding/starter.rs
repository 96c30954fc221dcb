pub fn apply_bps(cents: i64, bps: i64) -> Option<i64> {
    todo!()
}

pub fn add_percentage(cents: i64, bps: i64) -> Option<i64> {
    todo!()
}

pub fn compound(cents: i64, bps: i64, periods: u32) -> Option<i64> {
    todo!()
}
