pub fn transform(time: &str, minutes: i32) -> String {
    todo!("transform {time} {minutes}")
}
