use solution::*;

#[test]
fn plain_numbers() {
    assert_eq!(parse_i64("0"), Ok(0));
    assert_eq!(parse_i64("42"), Ok(42));
    assert_eq!(parse_i64("+42"), Ok(42));
    assert_eq!(parse_i64("-42"), Ok(-42));
    assert_eq!(parse_i64("-0"), Ok(0));
    assert_eq!(parse_i64("007"), Ok(7));
}

#[test]
fn separators() {
    assert_eq!(parse_i64("1_000_000"), Ok(1_000_000));
    assert_eq!(parse_i64("-1_2_3"), Ok(-123));
    assert_eq!(parse_i64("+0_0"), Ok(0));
}

#[test]
fn limits() {
    assert_eq!(parse_i64("9223372036854775807"), Ok(i64::MAX));
    assert_eq!(parse_i64("-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(parse_i64("-9_223_372_036_854_775_808"), Ok(i64::MIN));
    assert_eq!(parse_i64("+9_223_372_036_854_775_807"), Ok(i64::MAX));
    let many_zeros = format!("-{}9223372036854775808", "0".repeat(60));
    assert_eq!(parse_i64(&many_zeros), Ok(i64::MIN));
}

#[test]
fn overflow() {
    assert_eq!(parse_i64("9223372036854775808"), Err(NumError::Overflow));
    assert_eq!(parse_i64("+9223372036854775808"), Err(NumError::Overflow));
    assert_eq!(parse_i64("-9223372036854775809"), Err(NumError::Overflow));
    let huge = format!("1{}", "0".repeat(50));
    assert_eq!(parse_i64(&huge), Err(NumError::Overflow));
    let huge_neg = format!("-{}", "9".repeat(45));
    assert_eq!(parse_i64(&huge_neg), Err(NumError::Overflow));
}

#[test]
fn empty_inputs() {
    assert_eq!(parse_i64(""), Err(NumError::Empty));
    assert_eq!(parse_i64("+"), Err(NumError::Empty));
    assert_eq!(parse_i64("-"), Err(NumError::Empty));
}

#[test]
fn bad_underscores() {
    assert_eq!(parse_i64("_1"), Err(NumError::InvalidChar(0)));
    assert_eq!(parse_i64("1_"), Err(NumError::InvalidChar(1)));
    assert_eq!(parse_i64("1__0"), Err(NumError::InvalidChar(1)));
    assert_eq!(parse_i64("-_1"), Err(NumError::InvalidChar(1)));
    assert_eq!(parse_i64("_"), Err(NumError::InvalidChar(0)));
}

#[test]
fn bad_characters() {
    assert_eq!(parse_i64("12a"), Err(NumError::InvalidChar(2)));
    assert_eq!(parse_i64("--1"), Err(NumError::InvalidChar(1)));
    assert_eq!(parse_i64("+-1"), Err(NumError::InvalidChar(1)));
    assert_eq!(parse_i64("1-"), Err(NumError::InvalidChar(1)));
    assert_eq!(parse_i64(" 1"), Err(NumError::InvalidChar(0)));
    assert_eq!(parse_i64("1 "), Err(NumError::InvalidChar(1)));
    assert_eq!(parse_i64("12é"), Err(NumError::InvalidChar(2)));
    assert_eq!(parse_i64("é1"), Err(NumError::InvalidChar(0)));
    assert_eq!(parse_i64("1_é"), Err(NumError::InvalidChar(1)));
    assert_eq!(parse_i64("٣"), Err(NumError::InvalidChar(0)));
}

#[test]
fn syntax_error_wins_over_overflow() {
    let s = format!("{}x", "9".repeat(30));
    assert_eq!(parse_i64(&s), Err(NumError::InvalidChar(30)));
}
