pub fn caesar_shift(text: &str, shift: i32) -> String {
    todo!("shift {text:?} by {shift}")
}
