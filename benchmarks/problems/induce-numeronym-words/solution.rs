pub fn transform(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word = &chars[start..i];
            if word.len() >= 4 {
                out.push(word[0]);
                out.push_str(&(word.len() - 2).to_string());
                out.push(word[word.len() - 1]);
            } else {
                out.extend(word);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}
