use solution::*;
use EvalError::*;

#[test]
fn examples_from_statement() {
    assert_eq!(evaluate("2 + 3 * 4"), Ok(14));
    assert_eq!(evaluate("-2^2"), Ok(-4));
    assert_eq!(evaluate("(1 + 2"), Err(UnexpectedEnd));
    assert_eq!(evaluate("1 + * 2"), Err(UnexpectedToken(4)));
    assert_eq!(evaluate("7 / (3 - 3)"), Err(DivisionByZero));
}

#[test]
fn precedence_and_associativity() {
    assert_eq!(evaluate("10 - 4 - 3"), Ok(3));
    assert_eq!(evaluate("100 / 10 / 5"), Ok(2));
    assert_eq!(evaluate("2 ^ 3 ^ 2"), Ok(512));
    assert_eq!(evaluate("(2 ^ 3) ^ 2"), Ok(64));
    assert_eq!(evaluate("2 * 3 ^ 2"), Ok(18));
    assert_eq!(evaluate("1 + 2 * 3 - 4 / 2 % 3"), Ok(5));
    assert_eq!(evaluate("((((7))))"), Ok(7));
    assert_eq!(evaluate("  007\t+\n1 "), Ok(8));
}

#[test]
fn unary_operators() {
    assert_eq!(evaluate("(-2)^2"), Ok(4));
    assert_eq!(evaluate("--3"), Ok(3));
    assert_eq!(evaluate("-+-3"), Ok(3));
    assert_eq!(evaluate("2*-3"), Ok(-6));
    assert_eq!(evaluate("2 - -3"), Ok(5));
    assert_eq!(evaluate("2^-(-3)"), Ok(8));
    assert_eq!(evaluate("-3^2^1"), Ok(-9));
    assert_eq!(evaluate("-(2+3)*2"), Ok(-10));
}

#[test]
fn division_and_remainder_semantics() {
    assert_eq!(evaluate("-7 / 2"), Ok(-3));
    assert_eq!(evaluate("7 / -2"), Ok(-3));
    assert_eq!(evaluate("-7 % 3"), Ok(-1));
    assert_eq!(evaluate("7 % -3"), Ok(1));
    assert_eq!(evaluate("5 % 0"), Err(DivisionByZero));
    assert_eq!(evaluate("0 ^ 0"), Ok(1));
    assert_eq!(evaluate("0 ^ 5"), Ok(0));
}

#[test]
fn overflow_and_extremes() {
    assert_eq!(evaluate("9223372036854775807"), Ok(i64::MAX));
    assert_eq!(evaluate("9223372036854775808"), Err(NumberTooLarge(0)));
    assert_eq!(evaluate("-9223372036854775807 - 1"), Ok(i64::MIN));
    assert_eq!(evaluate("-(-9223372036854775807 - 1)"), Err(Overflow));
    assert_eq!(evaluate("(-9223372036854775807 - 1) / -1"), Err(Overflow));
    assert_eq!(evaluate("(-9223372036854775807 - 1) % -1"), Ok(0));
    assert_eq!(evaluate("9223372036854775807 + 1"), Err(Overflow));
    assert_eq!(evaluate("2 ^ 62"), Ok(1 << 62));
    assert_eq!(evaluate("2 ^ 63"), Err(Overflow));
    assert_eq!(evaluate("-2 ^ 63"), Err(Overflow));
    assert_eq!(evaluate("(-2) ^ 63"), Ok(i64::MIN));
    assert_eq!(evaluate("3 ^ 39"), Ok(4052555153018976267));
    assert_eq!(evaluate("1 ^ 1000000000000000000"), Ok(1));
    assert_eq!(evaluate("(-1) ^ 1000000000000000001"), Ok(-1));
    assert_eq!(evaluate("2 ^ 1000000000000000000"), Err(Overflow));
}

#[test]
fn lexical_errors_come_first_with_char_positions() {
    assert_eq!(evaluate("1 + x"), Err(InvalidChar(4)));
    assert_eq!(evaluate("é + 1"), Err(InvalidChar(0)));
    assert_eq!(evaluate("(1 + ) é"), Err(InvalidChar(7)));
    assert_eq!(evaluate("2 ** 3 # 99999999999999999999"), Err(InvalidChar(7)));
    assert_eq!(evaluate("ü 99999999999999999999 $"), Err(InvalidChar(0)));
    assert_eq!(evaluate("ü99999999999999999999"), Err(InvalidChar(0)));
    assert_eq!(evaluate("ßß 1 + 99999999999999999999"), Err(InvalidChar(0)));
    assert_eq!(evaluate("1 + 99999999999999999999 ?"), Err(NumberTooLarge(4)));
    assert_eq!(evaluate("1.5"), Err(InvalidChar(1)));
}

#[test]
fn syntax_errors() {
    assert_eq!(evaluate(""), Err(UnexpectedEnd));
    assert_eq!(evaluate("   "), Err(UnexpectedEnd));
    assert_eq!(evaluate("1 2"), Err(UnexpectedToken(2)));
    assert_eq!(evaluate("(1 2)"), Err(UnexpectedToken(3)));
    assert_eq!(evaluate("1)"), Err(UnexpectedToken(1)));
    assert_eq!(evaluate("()"), Err(UnexpectedToken(1)));
    assert_eq!(evaluate("*3"), Err(UnexpectedToken(0)));
    assert_eq!(evaluate("2^"), Err(UnexpectedEnd));
    assert_eq!(evaluate("2 ^ ^ 3"), Err(UnexpectedToken(4)));
    assert_eq!(evaluate("(1+2)(3)"), Err(UnexpectedToken(5)));
    assert_eq!(evaluate("((2)"), Err(UnexpectedEnd));
    assert_eq!(evaluate("ä ä"), Err(InvalidChar(0)));
    assert_eq!(evaluate("1 -"), Err(UnexpectedEnd));
}

#[test]
fn syntax_errors_win_over_evaluation_errors() {
    assert_eq!(evaluate("1/0 +"), Err(UnexpectedEnd));
    assert_eq!(evaluate("1/0 )"), Err(UnexpectedToken(4)));
    assert_eq!(evaluate("2^-1 1"), Err(UnexpectedToken(5)));
}

#[test]
fn evaluation_order_left_first() {
    assert_eq!(evaluate("1/0 + 2^-1"), Err(DivisionByZero));
    assert_eq!(evaluate("2^-1 + 1/0"), Err(NegativeExponent));
    assert_eq!(evaluate("(2^63) * 0"), Err(Overflow));
    assert_eq!(evaluate("5 % (2 - 2) * (2^64)"), Err(DivisionByZero));
    assert_eq!(evaluate("(0 - 2^63) / 0"), Err(Overflow));
    assert_eq!(evaluate("2^-1^2"), Err(NegativeExponent));
}
