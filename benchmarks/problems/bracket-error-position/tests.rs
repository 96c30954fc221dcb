use solution::*;

#[test]
fn balanced() {
    assert_eq!(check_brackets(""), Ok(()));
    assert_eq!(check_brackets("no brackets"), Ok(()));
    assert_eq!(check_brackets("f(a[1], {b})"), Ok(()));
    assert_eq!(check_brackets("{[()()]}[]"), Ok(()));
}

#[test]
fn unexpected_close() {
    assert_eq!(check_brackets(")"), Err(BracketError::Unexpected { pos: 0, found: ')' }));
    assert_eq!(check_brackets("()]"), Err(BracketError::Unexpected { pos: 2, found: ']' }));
}

#[test]
fn mismatched() {
    assert_eq!(check_brackets("(]"), Err(BracketError::Mismatched { pos: 1, expected: ')', found: ']' }));
    assert_eq!(check_brackets("{[}]"), Err(BracketError::Mismatched { pos: 2, expected: ']', found: '}' }));
}

#[test]
fn unclosed_reports_earliest() {
    assert_eq!(check_brackets("a(b[c"), Err(BracketError::Unclosed { pos: 1, open: '(' }));
    assert_eq!(check_brackets("(){[]"), Err(BracketError::Unclosed { pos: 2, open: '{' }));
    assert_eq!(check_brackets("[[[]"), Err(BracketError::Unclosed { pos: 0, open: '[' }));
}

#[test]
fn positions_count_chars() {
    assert_eq!(check_brackets("éé)"), Err(BracketError::Unexpected { pos: 2, found: ')' }));
    assert_eq!(check_brackets("日本(語]"), Err(BracketError::Mismatched { pos: 4, expected: ')', found: ']' }));
    assert_eq!(check_brackets("ü{"), Err(BracketError::Unclosed { pos: 1, open: '{' }));
}

#[test]
fn first_problem_wins() {
    assert_eq!(check_brackets("(]("), Err(BracketError::Mismatched { pos: 1, expected: ')', found: ']' }));
    assert_eq!(check_brackets("((}"), Err(BracketError::Mismatched { pos: 2, expected: ')', found: '}' }));
    assert_eq!(check_brackets("]("), Err(BracketError::Unexpected { pos: 0, found: ']' }));
}
