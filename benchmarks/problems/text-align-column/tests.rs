use solution::*;

#[test]
fn left_align() {
    assert_eq!(align_lines(&["ab", "  c"], 4, Align::Left), vec!["ab  ", "c   "]);
}

#[test]
fn right_align() {
    assert_eq!(align_lines(&["ab", "c  "], 4, Align::Right), vec!["  ab", "   c"]);
}

#[test]
fn center_extra_goes_right() {
    assert_eq!(align_lines(&["ab", " c "], 5, Align::Center), vec![" ab  ", "  c  "]);
    assert_eq!(align_lines(&["abcd"], 5, Align::Center), vec!["abcd "]);
    assert_eq!(align_lines(&["ab"], 6, Align::Center), vec!["  ab  "]);
}

#[test]
fn long_lines_unchanged_after_trim() {
    assert_eq!(
        align_lines(&["  hello  ", "hello world"], 5, Align::Right),
        vec!["hello", "hello world"]
    );
}

#[test]
fn empty_lines_and_input() {
    assert_eq!(align_lines(&["", "   "], 3, Align::Left), vec!["   ", "   "]);
    assert_eq!(align_lines(&[], 3, Align::Left), Vec::<String>::new());
    assert_eq!(align_lines(&["x"], 0, Align::Center), vec!["x"]);
}

#[test]
fn width_counts_chars() {
    assert_eq!(align_lines(&["héé"], 5, Align::Right), vec!["  héé"]);
    assert_eq!(align_lines(&["日本"], 5, Align::Center), vec![" 日本  "]);
}
