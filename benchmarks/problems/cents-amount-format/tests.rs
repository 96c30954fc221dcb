use solution::*;

#[test]
fn format_basic() {
    assert_eq!(format_cents(123456, "$"), "$1,234.56");
    assert_eq!(format_cents(0, ""), "0.00");
    assert_eq!(format_cents(7, "$"), "$0.07");
    assert_eq!(format_cents(100, "$"), "$1.00");
    assert_eq!(format_cents(99999, "$"), "$999.99");
    assert_eq!(format_cents(100000, "$"), "$1,000.00");
}

#[test]
fn format_negative_and_symbols() {
    assert_eq!(format_cents(-5, "€"), "-€0.05");
    assert_eq!(format_cents(-123456789, "CHF "), "-CHF 1,234,567.89");
}

#[test]
fn format_extremes() {
    assert_eq!(format_cents(i64::MAX, "$"), "$92,233,720,368,547,758.07");
    assert_eq!(format_cents(i64::MIN, "$"), "-$92,233,720,368,547,758.08");
}

#[test]
fn parse_valid() {
    assert_eq!(parse_cents("$1,234.56", "$"), Some(123456));
    assert_eq!(parse_cents("$1234.56", "$"), Some(123456));
    assert_eq!(parse_cents("-€0.05", "€"), Some(-5));
    assert_eq!(parse_cents("-$0.00", "$"), Some(0));
    assert_eq!(parse_cents("0.10", ""), Some(10));
    assert_eq!(parse_cents("$001.00", "$"), Some(100));
}

#[test]
fn parse_invalid_forms() {
    for s in ["$12,34.56", "$1,2345.00", "$,123.00", "$123,.00", "$1,234", "$1.5", "$1.555", "1.00", "$ 1.00", "$-1.00", "-$", "$.50", "$1,234.5a", "$1,234,56.00"] {
        assert_eq!(parse_cents(s, "$"), None, "{s:?}");
    }
}

#[test]
fn parse_extremes() {
    assert_eq!(parse_cents("-$92,233,720,368,547,758.08", "$"), Some(i64::MIN));
    assert_eq!(parse_cents("$92,233,720,368,547,758.07", "$"), Some(i64::MAX));
    assert_eq!(parse_cents("$92,233,720,368,547,758.08", "$"), None);
    assert_eq!(parse_cents("-$92,233,720,368,547,758.09", "$"), None);
    assert_eq!(parse_cents("$99999999999999999999999999999999999999999.00", "$"), None);
}

#[test]
fn round_trip() {
    for c in [0i64, 1, -1, 999, 1000, -100000, 123456789012, i64::MIN, i64::MAX] {
        assert_eq!(parse_cents(&format_cents(c, "£"), "£"), Some(c), "{c}");
    }
}
