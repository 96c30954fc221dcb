use solution::*;

fn c(s: &str) -> Clock {
    Clock::parse(s).unwrap()
}

#[test]
fn parse_and_display() {
    assert_eq!(c("00:00").to_string(), "00:00");
    assert_eq!(c("23:59").to_string(), "23:59");
    assert_eq!(c("07:05").to_string(), "07:05");
}

#[test]
fn parse_rejects() {
    for s in ["24:00", "12:60", "7:05", "07:5", "0705", "07-05", "", "07:05 ", "+1:00", "ab:cd"] {
        assert_eq!(Clock::parse(s), None, "{s:?}");
    }
}

#[test]
fn add_minutes_wraps() {
    assert_eq!(c("23:45").add_minutes(30).to_string(), "00:15");
    assert_eq!(c("00:10").add_minutes(-20).to_string(), "23:50");
    assert_eq!(c("10:00").add_minutes(1440 * 365 + 61).to_string(), "11:01");
    assert_eq!(c("10:00").add_minutes(0), c("10:00"));
}

#[test]
fn add_minutes_extremes() {
    // i64::MIN mod 1440 == 352, i64::MAX mod 1440 == 1087
    assert_eq!(c("00:00").add_minutes(i64::MIN).to_string(), "05:52");
    assert_eq!(c("00:00").add_minutes(i64::MAX).to_string(), "18:07");
}

#[test]
fn minutes_until_forward() {
    assert_eq!(c("10:00").minutes_until(c("10:30")), 30);
    assert_eq!(c("23:00").minutes_until(c("01:00")), 120);
    assert_eq!(c("12:00").minutes_until(c("12:00")), 0);
    assert_eq!(c("00:01").minutes_until(c("00:00")), 1439);
}

#[test]
fn twelve_hour_output() {
    assert_eq!(c("00:05").to_12h(), "12:05 AM");
    assert_eq!(c("01:00").to_12h(), "1:00 AM");
    assert_eq!(c("11:59").to_12h(), "11:59 AM");
    assert_eq!(c("12:00").to_12h(), "12:00 PM");
    assert_eq!(c("13:07").to_12h(), "1:07 PM");
    assert_eq!(c("23:59").to_12h(), "11:59 PM");
}

#[test]
fn twelve_hour_parse() {
    assert_eq!(Clock::parse_12h("12:05 AM"), Some(c("00:05")));
    assert_eq!(Clock::parse_12h("12:00 PM"), Some(c("12:00")));
    assert_eq!(Clock::parse_12h("1:07 PM"), Some(c("13:07")));
    assert_eq!(Clock::parse_12h("09:30 AM"), Some(c("09:30")));
    for s in ["0:30 AM", "13:00 PM", "1:7 PM", "1:07 pm", "1:07PM", "1:07  PM", "001:00 AM", "12:60 AM"] {
        assert_eq!(Clock::parse_12h(s), None, "{s:?}");
    }
}

#[test]
fn ordering_is_chronological() {
    assert!(c("09:59") < c("10:00"));
    assert!(Clock::parse_12h("12:30 AM").unwrap() < Clock::parse_12h("1:00 AM").unwrap());
}
