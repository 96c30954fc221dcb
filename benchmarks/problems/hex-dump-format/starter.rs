pub fn hex_dump(data: &[u8]) -> String {
    todo!("dump {} bytes", data.len())
}
