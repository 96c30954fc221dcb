pub fn transform(pairs: &[(char, u32)]) -> Vec<(u32, String)> {
    todo!("transform {pairs:?}")
}
