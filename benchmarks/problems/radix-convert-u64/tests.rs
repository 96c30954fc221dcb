use solution::*;

#[test]
fn to_radix_basic() {
    assert_eq!(to_radix(0, 2), Ok("0".to_string()));
    assert_eq!(to_radix(5, 2), Ok("101".to_string()));
    assert_eq!(to_radix(255, 16), Ok("ff".to_string()));
    assert_eq!(to_radix(35, 36), Ok("z".to_string()));
    assert_eq!(to_radix(36, 36), Ok("10".to_string()));
    assert_eq!(to_radix(1_000_000, 10), Ok("1000000".to_string()));
}

#[test]
fn to_radix_extremes() {
    assert_eq!(to_radix(u64::MAX, 2), Ok("1".repeat(64)));
    assert_eq!(to_radix(u64::MAX, 16), Ok("ffffffffffffffff".to_string()));
    assert_eq!(to_radix(u64::MAX, 36), Ok("3w5e11264sgsf".to_string()));
}

#[test]
fn bad_radix() {
    assert_eq!(to_radix(10, 1), Err(RadixError::BadRadix(1)));
    assert_eq!(to_radix(10, 37), Err(RadixError::BadRadix(37)));
    assert_eq!(from_radix("10", 0), Err(RadixError::BadRadix(0)));
    assert_eq!(from_radix("", 40), Err(RadixError::BadRadix(40)));
}

#[test]
fn from_radix_basic() {
    assert_eq!(from_radix("ff", 16), Ok(255));
    assert_eq!(from_radix("FF", 16), Ok(255));
    assert_eq!(from_radix("0000101", 2), Ok(5));
    assert_eq!(from_radix("3w5e11264sgsf", 36), Ok(u64::MAX));
    assert_eq!(from_radix("Zz", 36), Ok(35 * 36 + 35));
}

#[test]
fn from_radix_errors() {
    assert_eq!(from_radix("", 10), Err(RadixError::Empty));
    assert_eq!(from_radix("12", 2), Err(RadixError::InvalidDigit('2')));
    assert_eq!(from_radix("-5", 10), Err(RadixError::InvalidDigit('-')));
    assert_eq!(from_radix("0x1f", 16), Err(RadixError::InvalidDigit('x')));
    assert_eq!(from_radix("1 2", 10), Err(RadixError::InvalidDigit(' ')));
    assert_eq!(from_radix("g", 16), Err(RadixError::InvalidDigit('g')));
}

#[test]
fn from_radix_overflow_and_order() {
    assert_eq!(from_radix("18446744073709551615", 10), Ok(u64::MAX));
    assert_eq!(from_radix("18446744073709551616", 10), Err(RadixError::Overflow));
    assert_eq!(from_radix(&"1".repeat(65), 2), Err(RadixError::Overflow));
    // an invalid digit is reported even if the prefix already overflows
    assert_eq!(from_radix("99999999999999999999999#", 10), Err(RadixError::InvalidDigit('#')));
}

#[test]
fn roundtrip_all_radixes() {
    for radix in 2..=36 {
        for n in [0u64, 1, 7, 35, 36, 1295, 123_456_789, u64::MAX - 1, u64::MAX] {
            let s = to_radix(n, radix).unwrap();
            assert_eq!(from_radix(&s, radix), Ok(n), "radix {radix}, n {n}");
        }
    }
}
