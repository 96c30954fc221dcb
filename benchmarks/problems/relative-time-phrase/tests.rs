use solution::*;

#[test]
fn just_now() {
    assert_eq!(relative_time(0), "just now");
    assert_eq!(relative_time(59), "just now");
    assert_eq!(relative_time(-59), "just now");
}

#[test]
fn minutes_and_hours() {
    assert_eq!(relative_time(-90), "1 minute ago");
    assert_eq!(relative_time(60), "in 1 minute");
    assert_eq!(relative_time(3599), "in 59 minutes");
    assert_eq!(relative_time(7200), "in 2 hours");
    assert_eq!(relative_time(-3600), "1 hour ago");
    assert_eq!(relative_time(-86399), "23 hours ago");
}

#[test]
fn days_and_months() {
    assert_eq!(relative_time(86400), "in 1 day");
    assert_eq!(relative_time(-29 * 86400 - 86399), "29 days ago");
    assert_eq!(relative_time(30 * 86400), "in 1 month");
    assert_eq!(relative_time(-59 * 86400), "1 month ago");
    assert_eq!(relative_time(364 * 86400), "in 12 months");
}

#[test]
fn years() {
    assert_eq!(relative_time(365 * 86400), "in 1 year");
    assert_eq!(relative_time(-2 * 365 * 86400 + 1), "1 year ago");
    assert_eq!(relative_time(-10 * 365 * 86400), "10 years ago");
}

#[test]
fn extremes() {
    assert_eq!(relative_time(i64::MIN), "292471208677 years ago");
    assert_eq!(relative_time(i64::MAX), "in 292471208677 years");
}
