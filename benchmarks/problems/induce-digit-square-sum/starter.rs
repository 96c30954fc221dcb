pub fn transform(n: u64) -> u64 {
    todo!("transform {n}")
}
