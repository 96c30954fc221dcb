use solution::*;

#[test]
fn ordinary_dates() {
    assert_eq!(iso_week(2024, 1, 1), Some((2024, 1)));
    assert_eq!(iso_week(2021, 1, 4), Some((2021, 1)));
    assert_eq!(iso_week(2024, 6, 15), Some((2024, 24)));
}

#[test]
fn early_january_in_previous_year() {
    assert_eq!(iso_week(2021, 1, 3), Some((2020, 53)));
    assert_eq!(iso_week(2016, 1, 3), Some((2015, 53)));
    assert_eq!(iso_week(2010, 1, 3), Some((2009, 53)));
    assert_eq!(iso_week(2027, 1, 1), Some((2026, 53)));
    assert_eq!(iso_week(2023, 1, 1), Some((2022, 52)));
}

#[test]
fn late_december_in_next_year() {
    assert_eq!(iso_week(2024, 12, 30), Some((2025, 1)));
    assert_eq!(iso_week(2019, 12, 30), Some((2020, 1)));
    assert_eq!(iso_week(2008, 12, 29), Some((2009, 1)));
}

#[test]
fn week_53_years() {
    assert_eq!(iso_week(2020, 12, 31), Some((2020, 53)));
    assert_eq!(iso_week(2015, 12, 31), Some((2015, 53)));
    assert_eq!(iso_week(2026, 12, 31), Some((2026, 53)));
    assert_eq!(iso_week(2023, 12, 31), Some((2023, 52)));
}

#[test]
fn invalid_dates() {
    assert_eq!(iso_week(2023, 2, 29), None);
    assert_eq!(iso_week(2023, 0, 1), None);
    assert_eq!(iso_week_string(2023, 6, 31), None);
}

#[test]
fn formatting() {
    assert_eq!(iso_week_string(2021, 1, 3), Some("2020-W53".to_string()));
    assert_eq!(iso_week_string(2024, 3, 1), Some("2024-W09".to_string()));
    assert_eq!(iso_week_string(5, 1, 4), Some("0005-W01".to_string()));
    assert_eq!(iso_week_string(9999, 12, 31), Some("9999-W52".to_string()));
}
