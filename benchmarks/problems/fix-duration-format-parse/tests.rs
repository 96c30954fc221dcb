use solution::*;

#[test]
fn format_basic() {
    assert_eq!(format_duration(93_784), "1d 2h 3m 4s");
    assert_eq!(format_duration(3_605), "1h 5s");
    assert_eq!(format_duration(59), "59s");
    assert_eq!(format_duration(60), "1m");
}

#[test]
fn format_zero() {
    assert_eq!(format_duration(0), "0s");
}

#[test]
fn format_hours_wrap_into_days() {
    assert_eq!(format_duration(86_400), "1d");
    assert_eq!(format_duration(90_000), "1d 1h");
    assert_eq!(format_duration(3 * 86_400 + 23 * 3_600 + 59 * 60 + 59), "3d 23h 59m 59s");
    assert_eq!(format_duration(u64::MAX), "213503982334601d 7h 15s");
}

#[test]
fn parse_basic() {
    assert_eq!(parse_duration("1h 30m"), Some(5_400));
    assert_eq!(parse_duration("1d 2h 3m 4s"), Some(93_784));
    assert_eq!(parse_duration("  90m  "), Some(5_400));
    assert_eq!(parse_duration("0s"), Some(0));
}

#[test]
fn parse_rejects_malformed() {
    assert_eq!(parse_duration(""), None);
    assert_eq!(parse_duration("   "), None);
    assert_eq!(parse_duration("30m 1h"), None);
    assert_eq!(parse_duration("1m 1m"), None);
    assert_eq!(parse_duration("5"), None);
    assert_eq!(parse_duration("m"), None);
    assert_eq!(parse_duration("5w"), None);
    assert_eq!(parse_duration("+5s"), None);
    assert_eq!(parse_duration("1h30m"), None);
}

#[test]
fn parse_overflow_is_none() {
    assert_eq!(parse_duration("18446744073709551615s"), Some(u64::MAX));
    assert_eq!(parse_duration("213503982334602d"), None);
    assert_eq!(parse_duration("1m 18446744073709551615s"), None);
    assert_eq!(parse_duration("99999999999999999999s"), None);
}

#[test]
fn round_trip() {
    for secs in [1u64, 61, 3_599, 3_600, 86_399, 86_401, 1_000_000, 123_456_789] {
        assert_eq!(parse_duration(&format_duration(secs)), Some(secs), "{secs}");
    }
}
