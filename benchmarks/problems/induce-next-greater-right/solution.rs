pub fn transform(values: &[i32]) -> Vec<Option<i32>> {
    let mut out = vec![None; values.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if values[top] < v {
                out[top] = Some(v);
                stack.pop();
            } else {
                break;
            }
        }
        stack.push(i);
    }
    out
}
