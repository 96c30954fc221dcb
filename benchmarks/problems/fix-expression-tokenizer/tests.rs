use solution::*;
use Token::*;

fn id(s: &str) -> Token {
    Ident(s.to_string())
}

#[test]
fn example_expression() {
    assert_eq!(
        tokenize("x1 = 12*(y+3)"),
        Ok(vec![id("x1"), Op('='), Num(12), Op('*'), LParen, id("y"), Op('+'), Num(3), RParen])
    );
}

#[test]
fn trailing_number_is_kept() {
    assert_eq!(tokenize("7"), Ok(vec![Num(7)]));
    assert_eq!(tokenize("a - 42"), Ok(vec![id("a"), Op('-'), Num(42)]));
    assert_eq!(tokenize("2^10"), Ok(vec![Num(2), Op('^'), Num(10)]));
}

#[test]
fn identifiers_with_digits_and_underscores() {
    assert_eq!(tokenize("_tmp2 % var_3x"), Ok(vec![id("_tmp2"), Op('%'), id("var_3x")]));
    assert_eq!(tokenize("1x"), Ok(vec![Num(1), id("x")]));
}

#[test]
fn whitespace_and_empty() {
    assert_eq!(tokenize(""), Ok(vec![]));
    assert_eq!(tokenize(" \t\n "), Ok(vec![]));
    assert_eq!(tokenize("( 1 )"), Ok(vec![LParen, Num(1), RParen]));
}

#[test]
fn unexpected_characters_report_byte_offsets() {
    assert_eq!(tokenize("a # b"), Err(LexError::UnexpectedChar { pos: 2, ch: '#' }));
    assert_eq!(tokenize("é"), Err(LexError::UnexpectedChar { pos: 0, ch: 'é' }));
    assert_eq!(tokenize("(é+ü)"), Err(LexError::UnexpectedChar { pos: 1, ch: 'é' }));
    assert_eq!(tokenize("1 ²"), Err(LexError::UnexpectedChar { pos: 2, ch: '²' }));
}

#[test]
fn i64_limits() {
    assert_eq!(tokenize("9223372036854775807"), Ok(vec![Num(i64::MAX)]));
    assert_eq!(tokenize("9223372036854775808"), Err(LexError::NumberTooLarge { pos: 0 }));
    assert_eq!(
        tokenize("-9223372036854775808"),
        Err(LexError::NumberTooLarge { pos: 1 })
    );
    assert_eq!(
        tokenize("1 + 99999999999999999999 * 2"),
        Err(LexError::NumberTooLarge { pos: 4 })
    );
}
