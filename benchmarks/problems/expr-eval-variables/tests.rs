use solution::*;

fn ev(line: &str) -> Result<i64, EvalError> {
    Env::new().eval(line)
}

fn perr(pos: usize) -> Result<i64, EvalError> {
    Err(EvalError::Parse { pos })
}

#[test]
fn precedence_and_associativity() {
    assert_eq!(ev("1 + 2 * 3"), Ok(7));
    assert_eq!(ev("(1 + 2) * 3"), Ok(9));
    assert_eq!(ev("10 - 4 - 3"), Ok(3));
    assert_eq!(ev("100 / 10 / 5"), Ok(2));
    assert_eq!(ev("2 * 3 % 4"), Ok(2));
    assert_eq!(ev("7 - 2 * 3 + 1"), Ok(2));
    assert_eq!(ev("\t( ( 42 ) )\n"), Ok(42));
}

#[test]
fn power_binds_tighter_than_unary_minus() {
    assert_eq!(ev("2 ^ 3 ^ 2"), Ok(512));
    assert_eq!(ev("-2 ^ 2"), Ok(-4));
    assert_eq!(ev("(-2) ^ 2"), Ok(4));
    assert_eq!(ev("2 ^ -1"), Err(EvalError::NegativeExponent));
    assert_eq!(ev("2 ^ -2 ^ 2"), Err(EvalError::NegativeExponent));
    assert_eq!(ev("2 * 3 ^ 2"), Ok(18));
    assert_eq!(ev("0 ^ 0"), Ok(1));
    assert_eq!(ev("--3"), Ok(3));
}

#[test]
fn division_and_remainder_signs() {
    assert_eq!(ev("-7 / 2"), Ok(-3));
    assert_eq!(ev("7 / -2"), Ok(-3));
    assert_eq!(ev("-7 % 2"), Ok(-1));
    assert_eq!(ev("7 % -2"), Ok(1));
    assert_eq!(ev("5 / 0"), Err(EvalError::DivisionByZero));
    assert_eq!(ev("5 % (3 - 3)"), Err(EvalError::DivisionByZero));
}

#[test]
fn variables_and_assignment() {
    let mut env = Env::new();
    assert_eq!(env.eval("x = 2 + 3 * 4"), Ok(14));
    assert_eq!(env.get("x"), Some(14));
    assert_eq!(env.eval("x % 5 - -x"), Ok(18));
    assert_eq!(env.eval("a = b = x - 4"), Ok(10));
    assert_eq!((env.get("a"), env.get("b")), (Some(10), Some(10)));
    assert_eq!(env.eval("x = x + 1"), Ok(15));
    assert_eq!(env.eval("_tmp1 = a*b"), Ok(100));
    assert_eq!(env.get("_tmp1"), Some(100));
    assert_eq!(env.get("X"), None);
    assert_eq!(env.eval("X"), Err(EvalError::UnknownVariable("X".into())));
}

#[test]
fn failed_assignment_changes_nothing() {
    let mut env = Env::new();
    assert_eq!(env.eval("n = 5"), Ok(5));
    assert_eq!(env.eval("n = m = n / 0"), Err(EvalError::DivisionByZero));
    assert_eq!(env.get("n"), Some(5));
    assert_eq!(env.get("m"), None);
    assert_eq!(env.eval("n = n +"), perr(7));
    assert_eq!(env.get("n"), Some(5));
}

#[test]
fn evaluation_order_decides_error() {
    let mut env = Env::new();
    assert_eq!(env.eval("y / 0"), Err(EvalError::UnknownVariable("y".into())));
    assert_eq!(env.eval("1 / 0 + y"), Err(EvalError::DivisionByZero));
    assert_eq!(env.eval("zz ^ -1"), Err(EvalError::UnknownVariable("zz".into())));
    assert_eq!(env.eval("2 ^ -1 + q"), Err(EvalError::NegativeExponent));
    // parse errors win over everything
    assert_eq!(env.eval("y / 0 +"), perr(7));
}

#[test]
fn parse_error_positions() {
    assert_eq!(ev(""), perr(0));
    assert_eq!(ev("   "), perr(3));
    assert_eq!(ev("1 +"), perr(3));
    assert_eq!(ev("1 2"), perr(2));
    assert_eq!(ev("(1"), perr(2));
    assert_eq!(ev("1)"), perr(1));
    assert_eq!(ev("x = = 1"), perr(4));
    assert_eq!(ev("1 + 2 = 3"), perr(6));
    assert_eq!(ev("(x) = 1"), perr(4));
    assert_eq!(ev("2 $ 1"), perr(2));
    assert_eq!(ev("1 + $"), perr(4));
    assert_eq!(ev("12abc"), perr(2));
    assert_eq!(ev("* 3"), perr(0));
    assert_eq!(ev("f(2)"), perr(1));
    assert_eq!(ev("3 ^ ^ 2"), perr(4));
    assert_eq!(ev("=5"), perr(0));
    assert_eq!(ev("x ="), perr(3));
    assert_eq!(ev("é = 1"), perr(0));
    assert_eq!(ev("1 + é"), perr(4));
}

#[test]
fn overflow_detection() {
    assert_eq!(ev("9223372036854775807"), Ok(i64::MAX));
    assert_eq!(ev("9223372036854775808"), Err(EvalError::Overflow));
    assert_eq!(ev("-9223372036854775808"), Err(EvalError::Overflow));
    assert_eq!(ev("-9223372036854775807 - 1"), Ok(i64::MIN));
    assert_eq!(ev("9223372036854775807 + 1"), Err(EvalError::Overflow));
    assert_eq!(ev("m = -9223372036854775807 - 1"), Ok(i64::MIN));
    let mut env = Env::new();
    env.eval("m = -9223372036854775807 - 1").unwrap();
    assert_eq!(env.eval("-m"), Err(EvalError::Overflow));
    assert_eq!(env.eval("m / -1"), Err(EvalError::Overflow));
    assert_eq!(env.eval("m % -1"), Err(EvalError::Overflow));
    assert_eq!(env.eval("m * -1"), Err(EvalError::Overflow));
    assert_eq!(env.eval("m / 1"), Ok(i64::MIN));
    assert_eq!(ev("3037000500 * 3037000500"), Err(EvalError::Overflow));
}

#[test]
fn powers_large_and_small() {
    assert_eq!(ev("2 ^ 62"), Ok(1 << 62));
    assert_eq!(ev("2 ^ 63"), Err(EvalError::Overflow));
    assert_eq!(ev("(-2) ^ 63"), Ok(i64::MIN));
    assert_eq!(ev("10 ^ 18"), Ok(1_000_000_000_000_000_000));
    assert_eq!(ev("10 ^ 19"), Err(EvalError::Overflow));
    assert_eq!(ev("1 ^ 9000000000000"), Ok(1));
    assert_eq!(ev("(-1) ^ 9000000000001"), Ok(-1));
    assert_eq!(ev("(-1) ^ 9000000000000"), Ok(1));
    assert_eq!(ev("0 ^ 9000000000000"), Ok(0));
    assert_eq!(ev("2 ^ 9000000000000"), Err(EvalError::Overflow));
    assert_eq!(ev("5 ^ 0"), Ok(1));
}
