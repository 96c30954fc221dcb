use solution::*;

#[test]
fn valid_identifiers() {
    assert_eq!(validate_identifier("my_var2"), Ok(()));
    assert_eq!(validate_identifier("_"), Ok(()));
    assert_eq!(validate_identifier("_1"), Ok(()));
    assert_eq!(validate_identifier("Match"), Ok(()));
    assert_eq!(validate_identifier("selfish"), Ok(()));
    assert_eq!(validate_identifier(&"a".repeat(64)), Ok(()));
}

#[test]
fn empty_and_too_long() {
    assert_eq!(validate_identifier(""), Err(IdentError::Empty));
    assert_eq!(validate_identifier(&"a".repeat(65)), Err(IdentError::TooLong));
    assert_eq!(validate_identifier(&"é".repeat(40)), Err(IdentError::InvalidChar { index: 0, ch: 'é' }));
}

#[test]
fn starts_with_digit() {
    assert_eq!(validate_identifier("1abc"), Err(IdentError::StartsWithDigit));
    assert_eq!(validate_identifier("9$"), Err(IdentError::StartsWithDigit));
}

#[test]
fn invalid_char_index_counts_chars() {
    assert_eq!(validate_identifier("ab$c"), Err(IdentError::InvalidChar { index: 2, ch: '$' }));
    assert_eq!(validate_identifier("aé-b"), Err(IdentError::InvalidChar { index: 1, ch: 'é' }));
    assert_eq!(validate_identifier("ab c"), Err(IdentError::InvalidChar { index: 2, ch: ' ' }));
    assert_eq!(validate_identifier("x-"), Err(IdentError::InvalidChar { index: 1, ch: '-' }));
}

#[test]
fn keywords() {
    for k in ["fn", "let", "mut", "match", "self", "true", "false", "impl"] {
        assert_eq!(validate_identifier(k), Err(IdentError::Keyword), "{k}");
    }
    assert_eq!(validate_identifier("FN"), Ok(()));
    assert_eq!(validate_identifier("fn_"), Ok(()));
}

#[test]
fn check_order() {
    let long_bad = format!("{}$", "a".repeat(64));
    assert_eq!(validate_identifier(&long_bad), Err(IdentError::TooLong));
    assert_eq!(validate_identifier(&"1".repeat(70)), Err(IdentError::TooLong));
}
