use solution::*;

#[test]
fn balanced() {
    assert_eq!(first_bracket_error(""), None);
    assert_eq!(first_bracket_error("no brackets"), None);
    assert_eq!(first_bracket_error("f(a[1], {b})"), None);
    assert_eq!(first_bracket_error("{[()()]}"), None);
}

#[test]
fn unexpected_closer() {
    assert_eq!(first_bracket_error(")"), Some(0));
    assert_eq!(first_bracket_error("ab)"), Some(2));
    assert_eq!(first_bracket_error("()]"), Some(2));
}

#[test]
fn mismatched_kind() {
    assert_eq!(first_bracket_error("(]"), Some(1));
    assert_eq!(first_bracket_error("{[}]"), Some(2));
    assert_eq!(first_bracket_error("((x)]"), Some(4));
}

#[test]
fn unclosed_reports_outermost() {
    assert_eq!(first_bracket_error("("), Some(0));
    assert_eq!(first_bracket_error("x((y)"), Some(1));
    assert_eq!(first_bracket_error("a[b{c(d"), Some(1));
    assert_eq!(first_bracket_error("()(["), Some(2));
}

#[test]
fn closer_error_wins_over_unclosed() {
    assert_eq!(first_bracket_error("((]"), Some(2));
}

#[test]
fn positions_count_chars() {
    assert_eq!(first_bracket_error("é)"), Some(1));
    assert_eq!(first_bracket_error("日本(語"), Some(2));
    assert_eq!(first_bracket_error("😀[😀}"), Some(3));
}
