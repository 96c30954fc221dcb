pub fn transform(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut max = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' => {
                depth = depth.checked_sub(1)?;
            }
            _ => {}
        }
    }
    if depth == 0 {
        Some(max)
    } else {
        None
    }
}
