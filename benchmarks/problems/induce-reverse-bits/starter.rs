pub fn transform(n: u32) -> u32 {
    todo!("transform {n}")
}
