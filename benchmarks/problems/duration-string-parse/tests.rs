use solution::*;

#[test]
fn single_components() {
    assert_eq!(parse_duration("45s"), Ok(45));
    assert_eq!(parse_duration("2m"), Ok(120));
    assert_eq!(parse_duration("1h"), Ok(3600));
    assert_eq!(parse_duration("1d"), Ok(86400));
    assert_eq!(parse_duration("1w"), Ok(604800));
    assert_eq!(parse_duration("0s"), Ok(0));
    assert_eq!(parse_duration("007m"), Ok(420));
}

#[test]
fn combined() {
    assert_eq!(parse_duration("1h30m"), Ok(5400));
    assert_eq!(parse_duration("2w3d"), Ok(2 * 604800 + 3 * 86400));
    assert_eq!(parse_duration("1w1d1h1m1s"), Ok(604800 + 86400 + 3600 + 60 + 1));
    assert_eq!(parse_duration("90m"), Ok(5400));
    assert_eq!(parse_duration("1d100s"), Ok(86500));
}

#[test]
fn empty_and_format_errors() {
    assert_eq!(parse_duration(""), Err(DurationError::Empty));
    assert_eq!(parse_duration("90"), Err(DurationError::InvalidFormat));
    assert_eq!(parse_duration("h"), Err(DurationError::InvalidFormat));
    assert_eq!(parse_duration("1x"), Err(DurationError::InvalidFormat));
    assert_eq!(parse_duration("1h 30m"), Err(DurationError::InvalidFormat));
    assert_eq!(parse_duration("1H"), Err(DurationError::InvalidFormat));
    assert_eq!(parse_duration("-1s"), Err(DurationError::InvalidFormat));
    assert_eq!(parse_duration("1hm"), Err(DurationError::InvalidFormat));
}

#[test]
fn unit_order_errors() {
    assert_eq!(parse_duration("30m1h"), Err(DurationError::UnitOrder));
    assert_eq!(parse_duration("1h1h"), Err(DurationError::UnitOrder));
    assert_eq!(parse_duration("1s1s"), Err(DurationError::UnitOrder));
}

#[test]
fn overflow() {
    assert_eq!(parse_duration("18446744073709551616s"), Err(DurationError::Overflow));
    assert_eq!(parse_duration("18446744073709551615s"), Ok(u64::MAX));
    assert_eq!(parse_duration("30500568904944w"), Err(DurationError::Overflow));
    assert_eq!(parse_duration("30500568904943w"), Ok(30500568904943 * 604800));
    assert_eq!(parse_duration("18446744073709551m18446744073709551615s"), Err(DurationError::Overflow));
}

#[test]
fn first_error_wins() {
    assert_eq!(parse_duration("1s1x"), Err(DurationError::InvalidFormat));
    assert_eq!(parse_duration("1m1m1x"), Err(DurationError::UnitOrder));
    assert_eq!(parse_duration("99999999999999999999w1x"), Err(DurationError::Overflow));
    assert_eq!(parse_duration("1s99999999999999999999h"), Err(DurationError::Overflow));
    assert_eq!(parse_duration("1s9h"), Err(DurationError::UnitOrder));
}
