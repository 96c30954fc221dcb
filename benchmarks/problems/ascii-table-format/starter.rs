pub fn format_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    todo!("{} headers, {} rows", headers.len(), rows.len())
}
