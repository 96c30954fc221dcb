pub fn transform(n: u64) -> String {
    todo!("transform {n}")
}
