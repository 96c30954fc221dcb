use solution::*;

#[test]
fn leap_rule() {
    assert!(is_leap(2024));
    assert!(is_leap(2000));
    assert!(is_leap(2400));
    assert!(is_leap(0));
    assert!(is_leap(-4));
    assert!(!is_leap(1900));
    assert!(!is_leap(2100));
    assert!(!is_leap(2023));
    assert!(!is_leap(-100));
}

#[test]
fn month_lengths() {
    assert_eq!(days_in_month(2023, 2), Some(28));
    assert_eq!(days_in_month(2024, 2), Some(29));
    assert_eq!(days_in_month(1900, 2), Some(28));
    assert_eq!(days_in_month(2023, 4), Some(30));
    assert_eq!(days_in_month(2023, 12), Some(31));
    assert_eq!(days_in_month(2023, 0), None);
    assert_eq!(days_in_month(2023, 13), None);
}

#[test]
fn first_and_last_day() {
    assert_eq!(day_of_year(2023, 1, 1), Some(1));
    assert_eq!(day_of_year(2023, 12, 31), Some(365));
    assert_eq!(day_of_year(2024, 12, 31), Some(366));
    assert_eq!(day_of_year(1900, 12, 31), Some(365));
}

#[test]
fn march_first() {
    assert_eq!(day_of_year(2023, 3, 1), Some(60));
    assert_eq!(day_of_year(2024, 3, 1), Some(61));
    assert_eq!(day_of_year(2000, 3, 1), Some(61));
    assert_eq!(day_of_year(2100, 3, 1), Some(60));
}

#[test]
fn invalid_dates() {
    assert_eq!(day_of_year(2023, 2, 29), None);
    assert_eq!(day_of_year(1900, 2, 29), None);
    assert_eq!(day_of_year(2023, 4, 31), None);
    assert_eq!(day_of_year(2023, 1, 0), None);
    assert_eq!(day_of_year(2023, 0, 5), None);
    assert_eq!(day_of_year(2023, 13, 1), None);
}

#[test]
fn every_day_is_consecutive() {
    for year in [2023, 2024] {
        let mut expected = 0;
        for month in 1..=12 {
            for day in 1..=days_in_month(year, month).unwrap() {
                expected += 1;
                assert_eq!(day_of_year(year, month, day), Some(expected));
            }
        }
    }
}
