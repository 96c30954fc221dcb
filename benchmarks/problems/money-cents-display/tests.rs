use solution::*;

fn show(c: i64) -> String {
    Money::from_cents(c).to_string()
}

#[test]
fn display_small() {
    assert_eq!(show(0), "0.00");
    assert_eq!(show(5), "0.05");
    assert_eq!(show(-5), "-0.05");
    assert_eq!(show(1230), "12.30");
    assert_eq!(show(-100), "-1.00");
    assert_eq!(show(99999), "999.99");
}

#[test]
fn display_grouping() {
    assert_eq!(show(100000), "1,000.00");
    assert_eq!(show(123456789), "1,234,567.89");
    assert_eq!(show(-123456789), "-1,234,567.89");
    assert_eq!(show(10000000000), "100,000,000.00");
}

#[test]
fn display_extremes() {
    assert_eq!(show(i64::MAX), "92,233,720,368,547,758.07");
    assert_eq!(show(i64::MIN), "-92,233,720,368,547,758.08");
}

#[test]
fn parse_valid() {
    assert_eq!(Money::parse("12").map(|m| m.cents()), Some(1200));
    assert_eq!(Money::parse("12.3").map(|m| m.cents()), Some(1230));
    assert_eq!(Money::parse("12.34").map(|m| m.cents()), Some(1234));
    assert_eq!(Money::parse("-0.07").map(|m| m.cents()), Some(-7));
    assert_eq!(Money::parse("-0").map(|m| m.cents()), Some(0));
    assert_eq!(Money::parse("007.50").map(|m| m.cents()), Some(750));
    assert_eq!(Money::parse("0.05").unwrap(), Money::from_cents(5));
}

#[test]
fn parse_invalid() {
    for s in ["", "-", "+5", " 5", "5 ", "1,000.00", ".5", "5.", "1.234", "1.2.3", "abc", "--1", "1e3", "-.5", "1.-5"] {
        assert_eq!(Money::parse(s), None, "input {s:?}");
    }
}

#[test]
fn parse_range() {
    assert_eq!(Money::parse("92233720368547758.07").map(|m| m.cents()), Some(i64::MAX));
    assert_eq!(Money::parse("92233720368547758.08"), None);
    assert_eq!(Money::parse("-92233720368547758.08").map(|m| m.cents()), Some(i64::MIN));
    assert_eq!(Money::parse("-92233720368547758.09"), None);
    assert_eq!(Money::parse("99999999999999999999999"), None);
}

#[test]
fn arithmetic() {
    let a = Money::from_cents(1050);
    let b = Money::from_cents(-75);
    assert_eq!(a.checked_add(b), Some(Money::from_cents(975)));
    assert_eq!(a.checked_sub(b), Some(Money::from_cents(1125)));
    assert_eq!(Money::from_cents(i64::MAX).checked_add(Money::from_cents(1)), None);
    assert_eq!(Money::from_cents(i64::MIN).checked_sub(Money::from_cents(1)), None);
    assert!(Money::from_cents(-1) < Money::from_cents(0));
}
