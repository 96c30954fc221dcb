pub fn transform(x: i32, y: i32) -> u64 {
    todo!("transform {x} {y}")
}
