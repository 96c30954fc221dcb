pub fn transform(values: &[u32]) -> String {
    todo!("transform {values:?}")
}
