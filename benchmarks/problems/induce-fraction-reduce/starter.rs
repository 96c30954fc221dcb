pub fn transform(num: i64, den: i64) -> (i64, i64) {
    todo!("transform {num} {den}")
}
