use solution::*;

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn simple_moves() {
    assert_eq!(add_months("2024-03-15", 1), s("2024-04-15"));
    assert_eq!(add_months("2024-03-15", -3), s("2023-12-15"));
    assert_eq!(add_months("2024-03-15", 0), s("2024-03-15"));
    assert_eq!(add_months("2024-03-15", 24), s("2026-03-15"));
    assert_eq!(add_months("2024-11-01", 2), s("2025-01-01"));
}

#[test]
fn clamping() {
    assert_eq!(add_months("2024-01-31", 1), s("2024-02-29"));
    assert_eq!(add_months("2023-01-31", 1), s("2023-02-28"));
    assert_eq!(add_months("2024-03-31", -1), s("2024-02-29"));
    assert_eq!(add_months("2024-05-31", 1), s("2024-06-30"));
    assert_eq!(add_months("2024-02-29", 12), s("2025-02-28"));
    assert_eq!(add_months("2000-02-29", 1200), s("2100-02-28"));
}

#[test]
fn clamping_is_not_sticky() {
    assert_eq!(add_months("2024-01-31", 2), s("2024-03-31"));
}

#[test]
fn range_limits() {
    assert_eq!(add_months("9999-12-01", 1), None);
    assert_eq!(add_months("0000-01-31", -1), None);
    assert_eq!(add_months("0000-01-31", 1), s("0000-02-29"));
    assert_eq!(add_months("0001-03-01", -14), s("0000-01-01"));
    assert_eq!(add_months("5000-06-15", i32::MAX), None);
    assert_eq!(add_months("5000-06-15", i32::MIN), None);
    assert_eq!(add_months("0000-01-01", 9999 * 12 + 11), s("9999-12-01"));
}

#[test]
fn invalid_input() {
    for d in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "2024/01/01", "2024-01-32", ""] {
        assert_eq!(add_months(d, 1), None, "{d:?}");
    }
}
