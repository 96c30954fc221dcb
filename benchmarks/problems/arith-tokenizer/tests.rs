use solution::*;
use Token::*;

fn id(s: &str) -> Token {
    Ident(s.to_string())
}
fn op(s: &str) -> Token {
    Op(s.to_string())
}

#[test]
fn example() {
    assert_eq!(
        tokenize("max(x1, 2.5)>=3"),
        Ok(vec![id("max"), LParen, id("x1"), Comma, Float(2.5), RParen, op(">="), Int(3)])
    );
}

#[test]
fn empty_and_whitespace() {
    assert_eq!(tokenize(""), Ok(vec![]));
    assert_eq!(tokenize(" \t\n "), Ok(vec![]));
}

#[test]
fn operators_longest_match() {
    assert_eq!(
        tokenize("a==b!=c<=d>=e&&f||!g=h<i>j"),
        Ok(vec![
            id("a"), op("=="), id("b"), op("!="), id("c"), op("<="), id("d"), op(">="), id("e"),
            op("&&"), id("f"), op("||"), op("!"), id("g"), op("="), id("h"), op("<"), id("i"),
            op(">"), id("j"),
        ])
    );
    assert_eq!(tokenize("==="), Ok(vec![op("=="), op("=")]));
    assert_eq!(tokenize("1-2*3/4%5^6+-7"), Ok(vec![
        Int(1), op("-"), Int(2), op("*"), Int(3), op("/"), Int(4), op("%"), Int(5), op("^"), Int(6),
        op("+"), op("-"), Int(7),
    ]));
}

#[test]
fn numbers() {
    assert_eq!(tokenize("007 0.5 10.25"), Ok(vec![Int(7), Float(0.5), Float(10.25)]));
    assert_eq!(tokenize("9223372036854775807"), Ok(vec![Int(i64::MAX)]));
    assert_eq!(tokenize("9223372036854775808"), Err(LexError::BadNumber { pos: 0 }));
    assert_eq!(tokenize("99999999999999999999.5"), Ok(vec![Float(99999999999999999999.5)]));
}

#[test]
fn bad_numbers() {
    assert_eq!(tokenize("x + 1."), Err(LexError::BadNumber { pos: 4 }));
    assert_eq!(tokenize("1.2.3"), Err(LexError::BadNumber { pos: 0 }));
    assert_eq!(tokenize("(12abc)"), Err(LexError::BadNumber { pos: 1 }));
    assert_eq!(tokenize("3_000"), Err(LexError::BadNumber { pos: 0 }));
}

#[test]
fn identifiers() {
    assert_eq!(tokenize("_a1 B_2 x"), Ok(vec![id("_a1"), id("B_2"), id("x")]));
    assert_eq!(tokenize("a.b"), Err(LexError::UnexpectedChar { pos: 1, ch: '.' }));
}

#[test]
fn unexpected_chars_use_byte_positions() {
    assert_eq!(tokenize("a & b"), Err(LexError::UnexpectedChar { pos: 2, ch: '&' }));
    assert_eq!(tokenize("a |"), Err(LexError::UnexpectedChar { pos: 2, ch: '|' }));
    assert_eq!(tokenize("é"), Err(LexError::UnexpectedChar { pos: 0, ch: 'é' }));
    assert_eq!(tokenize("\u{a0}x # y"), Err(LexError::UnexpectedChar { pos: 4, ch: '#' }));
}

#[test]
fn first_error_wins() {
    assert_eq!(tokenize("$ 1."), Err(LexError::UnexpectedChar { pos: 0, ch: '$' }));
    assert_eq!(tokenize("1. $"), Err(LexError::BadNumber { pos: 0 }));
}
