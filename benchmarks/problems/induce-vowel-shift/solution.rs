pub fn transform(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'a' => 'e',
            'e' => 'i',
            'i' => 'o',
            'o' => 'u',
            'u' => 'a',
            'A' => 'E',
            'E' => 'I',
            'I' => 'O',
            'O' => 'U',
            'U' => 'A',
            other => other,
        })
        .collect()
}
