use solution::*;
use Token::*;

#[test]
fn basic_expressions() {
    assert_eq!(eval(&[Num(3), Num(4), Add, Num(2), Mul]), Ok(14));
    assert_eq!(eval(&[Num(42)]), Ok(42));
    assert_eq!(eval(&[Num(10), Num(3), Sub]), Ok(7));
    assert_eq!(eval(&[Num(3), Num(10), Sub]), Ok(-7));
    assert_eq!(eval(&[Num(5), Num(1), Num(2), Add, Num(4), Mul, Add, Num(3), Sub]), Ok(14));
}

#[test]
fn division_truncates_toward_zero() {
    assert_eq!(eval(&[Num(7), Num(2), Div]), Ok(3));
    assert_eq!(eval(&[Num(-7), Num(2), Div]), Ok(-3));
    assert_eq!(eval(&[Num(7), Num(-2), Div]), Ok(-3));
    assert_eq!(eval(&[Num(2), Num(7), Div]), Ok(0));
}

#[test]
fn stack_words() {
    assert_eq!(eval(&[Num(5), Dup, Mul]), Ok(25));
    assert_eq!(eval(&[Num(1), Num(9), Swap, Sub]), Ok(8));
    assert_eq!(eval(&[Num(4), Neg]), Ok(-4));
    assert_eq!(eval(&[Num(2), Num(3), Swap, Dup, Mul, Add]), Ok(7));
}

#[test]
fn structural_errors() {
    assert_eq!(eval(&[]), Err(RpnError::Empty));
    assert_eq!(eval(&[Add]), Err(RpnError::StackUnderflow(0)));
    assert_eq!(eval(&[Num(1), Add]), Err(RpnError::StackUnderflow(1)));
    assert_eq!(eval(&[Num(1), Num(2), Add, Swap]), Err(RpnError::StackUnderflow(3)));
    assert_eq!(eval(&[Dup]), Err(RpnError::StackUnderflow(0)));
    assert_eq!(eval(&[Neg]), Err(RpnError::StackUnderflow(0)));
    assert_eq!(eval(&[Num(1), Num(2)]), Err(RpnError::Leftover(2)));
    assert_eq!(eval(&[Num(1), Num(2), Num(3), Add]), Err(RpnError::Leftover(2)));
}

#[test]
fn division_by_zero() {
    assert_eq!(eval(&[Num(1), Num(0), Div]), Err(RpnError::DivisionByZero(2)));
    assert_eq!(eval(&[Num(0), Num(0), Div, Add]), Err(RpnError::DivisionByZero(2)));
    assert_eq!(eval(&[Num(0), Num(5), Div]), Ok(0));
}

#[test]
fn overflow_is_reported() {
    assert_eq!(eval(&[Num(i64::MAX), Num(1), Add]), Err(RpnError::Overflow(2)));
    assert_eq!(eval(&[Num(i64::MIN), Num(1), Sub]), Err(RpnError::Overflow(2)));
    assert_eq!(eval(&[Num(i64::MIN), Num(-1), Div]), Err(RpnError::Overflow(2)));
    assert_eq!(eval(&[Num(i64::MIN), Neg]), Err(RpnError::Overflow(1)));
    assert_eq!(eval(&[Num(1 << 32), Dup, Mul]), Err(RpnError::Overflow(2)));
    assert_eq!(eval(&[Num(i64::MIN), Num(1), Mul]), Ok(i64::MIN));
    assert_eq!(eval(&[Num(i64::MAX), Neg, Num(1), Sub]), Ok(i64::MIN));
}

#[test]
fn first_error_wins() {
    assert_eq!(eval(&[Num(1), Num(0), Div, Num(5)]), Err(RpnError::DivisionByZero(2)));
    assert_eq!(eval(&[Num(1), Num(2), Num(i64::MAX), Num(1), Add]), Err(RpnError::Overflow(4)));
}
