pub fn human_size(bytes: u64) -> String {
    todo!("format {bytes}")
}
