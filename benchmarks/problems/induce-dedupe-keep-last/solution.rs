pub fn transform(values: &[i32]) -> Vec<i32> {
    let mut out = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if !values[i + 1..].contains(v) {
            out.push(*v);
        }
    }
    out
}
