pub fn encode(input: &str) -> String {
    todo!("run-length encode {input:?}")
}
