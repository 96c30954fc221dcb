/// Position (in chars) of the first bracket error, or `None` if balanced.
pub fn first_bracket_error(s: &str) -> Option<usize> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '(' | '[' | '{' => stack.push((c, i)),
            ')' | ']' | '}' => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
                    _ => return Some(i),
                }
            }
            _ => {}
        }
    }
    stack.first().map(|&(_, i)| i)
}
