pub fn transform(values: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < values.len() {
        let mut j = i;
        while j + 1 < values.len() && values[j + 1] == values[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{}-{}", values[i], values[j]));
        } else {
            for v in &values[i..=j] {
                parts.push(v.to_string());
            }
        }
        i = j + 1;
    }
    parts.join(",")
}
