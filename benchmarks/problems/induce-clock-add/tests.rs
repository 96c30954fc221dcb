use solution::*;

#[test]
fn one_minute_back_from_midnight() {
    assert_eq!(transform("00:00", -1), "23:59");
}

#[test]
fn zero_minutes() {
    assert_eq!(transform("13:37", 0), "13:37");
}

#[test]
fn many_days_forward_and_back() {
    assert_eq!(transform("07:45", 10000), "06:25");
    assert_eq!(transform("22:10", -100000), "11:30");
}

#[test]
fn half_day_plus_one() {
    assert_eq!(transform("11:59", 721), "00:00");
}

#[test]
fn extreme_offsets() {
    assert_eq!(transform("00:00", i32::MAX), "02:07");
    assert_eq!(transform("23:59", i32::MIN), "21:51");
}
