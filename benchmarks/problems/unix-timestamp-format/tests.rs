use solution::*;

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn format_known_values() {
    assert_eq!(format_timestamp(0), s("1970-01-01T00:00:00Z"));
    assert_eq!(format_timestamp(-1), s("1969-12-31T23:59:59Z"));
    assert_eq!(format_timestamp(1_700_000_000), s("2023-11-14T22:13:20Z"));
    assert_eq!(format_timestamp(951_782_400), s("2000-02-29T00:00:00Z"));
    assert_eq!(format_timestamp(-14_182_940), s("1969-07-20T20:17:40Z"));
}

#[test]
fn format_range_limits() {
    assert_eq!(format_timestamp(-62_167_219_200), s("0000-01-01T00:00:00Z"));
    assert_eq!(format_timestamp(-62_167_219_201), None);
    assert_eq!(format_timestamp(253_402_300_799), s("9999-12-31T23:59:59Z"));
    assert_eq!(format_timestamp(253_402_300_800), None);
    assert_eq!(format_timestamp(i64::MIN), None);
    assert_eq!(format_timestamp(i64::MAX), None);
}

#[test]
fn parse_known_values() {
    assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_timestamp("2000-02-29T00:00:00Z"), Some(951_782_400));
    assert_eq!(parse_timestamp("1969-12-31T23:59:59Z"), Some(-1));
    assert_eq!(parse_timestamp("0000-01-01T00:00:00Z"), Some(-62_167_219_200));
    assert_eq!(parse_timestamp("0001-01-01T00:00:00Z"), Some(-62_135_596_800));
    assert_eq!(parse_timestamp("9999-12-31T23:59:59Z"), Some(253_402_300_799));
}

#[test]
fn parse_rejects_bad_format() {
    for x in [
        "1970-01-01 00:00:00Z",
        "1970-01-01T00:00:00",
        "1970-01-01t00:00:00z",
        "1970-1-01T00:00:00Z",
        "1970-01-01T00:00:00+00:00",
        "+970-01-01T00:00:00Z",
        "",
        "1970-01-01T00:00:0aZ",
    ] {
        assert_eq!(parse_timestamp(x), None, "{x:?}");
    }
}

#[test]
fn parse_rejects_invalid_values() {
    for x in [
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T23:60:00Z",
        "2024-01-01T23:59:60Z",
    ] {
        assert_eq!(parse_timestamp(x), None, "{x:?}");
    }
    assert_eq!(parse_timestamp("0000-02-29T12:00:00Z"), Some(-62_167_219_200 + 59 * 86400 + 43200));
}

#[test]
fn round_trip() {
    for t in [-62_167_219_200i64, -50_000_000_000, -86_401, 0, 86_399, 1_234_567_890, 253_402_300_799] {
        let text = format_timestamp(t).unwrap();
        assert_eq!(parse_timestamp(&text), Some(t), "{text}");
    }
}
