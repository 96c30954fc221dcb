pub fn transform(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let evens = chars.iter().step_by(2);
    let odds = chars.iter().skip(1).step_by(2);
    evens.chain(odds).collect()
}
