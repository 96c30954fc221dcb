pub fn transform(values: &[u32]) -> Vec<u32> {
    todo!("transform {values:?}")
}
