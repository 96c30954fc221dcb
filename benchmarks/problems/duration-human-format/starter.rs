pub fn format_duration(secs: u64, max_units: usize) -> String {
    todo!("format {secs}s with at most {max_units} units")
}
