use solution::*;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).unwrap()
}

#[test]
fn leap_years() {
    for y in [2000, 2024, 0, -4, -400, 1600] {
        assert!(Date::is_leap_year(y), "{y}");
    }
    for y in [1900, 2023, -1, -100, 2100, 1] {
        assert!(!Date::is_leap_year(y), "{y}");
    }
}

#[test]
fn validation() {
    assert!(Date::new(2024, 2, 29).is_some());
    assert!(Date::new(2023, 2, 29).is_none());
    assert!(Date::new(1900, 2, 29).is_none());
    assert!(Date::new(2024, 4, 31).is_none());
    assert!(Date::new(2024, 13, 1).is_none());
    assert!(Date::new(2024, 0, 1).is_none());
    assert!(Date::new(2024, 1, 0).is_none());
    assert!(Date::new(0, 2, 29).is_some());
    assert!(Date::new(-1, 2, 29).is_none());
}

#[test]
fn day_of_year() {
    assert_eq!(d(2024, 1, 1).day_of_year(), 1);
    assert_eq!(d(2024, 3, 1).day_of_year(), 61);
    assert_eq!(d(2023, 3, 1).day_of_year(), 60);
    assert_eq!(d(2024, 12, 31).day_of_year(), 366);
    assert_eq!(d(2023, 12, 31).day_of_year(), 365);
}

#[test]
fn small_steps_across_boundaries() {
    assert_eq!(d(2024, 2, 28).add_days(1), d(2024, 2, 29));
    assert_eq!(d(2024, 2, 28).add_days(2), d(2024, 3, 1));
    assert_eq!(d(1900, 2, 28).add_days(1), d(1900, 3, 1));
    assert_eq!(d(2023, 12, 31).add_days(1), d(2024, 1, 1));
    assert_eq!(d(2024, 1, 1).add_days(-1), d(2023, 12, 31));
    assert_eq!(d(2024, 5, 17).add_days(0), d(2024, 5, 17));
}

#[test]
fn around_year_zero() {
    assert_eq!(d(1, 1, 1).add_days(-1), d(0, 12, 31));
    assert_eq!(d(0, 3, 1).add_days(-1), d(0, 2, 29));
    assert_eq!(d(-1, 3, 1).add_days(-1), d(-1, 2, 28));
    assert_eq!(d(0, 1, 1).add_days(366), d(1, 1, 1));
    assert_eq!(d(1970, 1, 1).add_days(-719528), d(0, 1, 1));
}

#[test]
fn large_jumps() {
    assert_eq!(d(1970, 1, 1).add_days(19723), d(2024, 1, 1));
    assert_eq!(d(1970, 1, 1).add_days(1_000_000), d(4707, 11, 29));
    assert_eq!(d(2700, 3, 1).add_days(-900_000), d(236, 1, 18));
    assert_eq!(d(2000, 1, 1).add_days(-146097 * 250), d(-98000, 1, 1));
    assert_eq!(d(2000, 1, 1).add_days(146097 * 200), d(82000, 1, 1));
}

#[test]
fn round_trip() {
    let start = d(-523, 7, 19);
    for n in [1i64, 59, 365, 1461, 36524, 146097, 9_999_999] {
        assert_eq!(start.add_days(n).add_days(-n), start);
    }
}
