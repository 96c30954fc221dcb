pub fn transform(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word = &chars[start..i];
            for k in 0..word.len() {
                let src = word[word.len() - 1 - k].to_ascii_lowercase();
                out[start + k] = if word[k].is_ascii_uppercase() {
                    src.to_ascii_uppercase()
                } else {
                    src
                };
            }
        } else {
            i += 1;
        }
    }
    out.into_iter().collect()
}
