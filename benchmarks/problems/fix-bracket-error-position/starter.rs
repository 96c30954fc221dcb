/// Position (in chars) of the first bracket error, or `None` if balanced.
pub fn first_bracket_error(s: &str) -> Option<usize> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => stack.push((c, i)),
            ')' | ']' | '}' => {
                if stack.pop().is_none() {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    stack.last().map(|&(_, i)| i)
}
