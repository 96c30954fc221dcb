use solution::*;
use Weekday::*;

#[test]
fn known_weekdays() {
    assert_eq!(weekday(2024, 1, 1), Some(Mon));
    assert_eq!(weekday(1970, 1, 1), Some(Thu));
    assert_eq!(weekday(2000, 1, 1), Some(Sat));
    assert_eq!(weekday(2024, 2, 29), Some(Thu));
    assert_eq!(weekday(1582, 10, 15), Some(Fri));
    assert_eq!(weekday(1, 1, 1), Some(Mon));
}

#[test]
fn old_and_negative_years() {
    assert_eq!(weekday(0, 1, 1), Some(Sat));
    assert_eq!(weekday(-400, 1, 1), Some(Sat));
    assert_eq!(weekday(0, 12, 31), Some(Sun));
    assert_eq!(weekday(-1, 12, 31), Some(Fri));
}

#[test]
fn invalid_dates() {
    assert_eq!(weekday(2023, 2, 29), None);
    assert_eq!(weekday(2024, 13, 1), None);
    assert_eq!(weekday(2024, 4, 31), None);
    assert_eq!(weekday(2024, 1, 0), None);
}

#[test]
fn nth_weekday_examples() {
    assert_eq!(nth_weekday(2024, 11, Thu, 4), Some(28));
    assert_eq!(nth_weekday(2024, 1, Mon, 1), Some(1));
    assert_eq!(nth_weekday(2024, 1, Sun, 1), Some(7));
    assert_eq!(nth_weekday(2024, 9, Mon, 1), Some(2));
    assert_eq!(nth_weekday(2024, 2, Thu, 5), Some(29));
}

#[test]
fn nth_weekday_missing() {
    assert_eq!(nth_weekday(2023, 2, Thu, 5), None);
    assert_eq!(nth_weekday(2024, 1, Mon, 0), None);
    assert_eq!(nth_weekday(2024, 1, Mon, 6), None);
    assert_eq!(nth_weekday(2024, 1, Mon, u32::MAX), None);
    assert_eq!(nth_weekday(2024, 0, Mon, 1), None);
}

#[test]
fn last_weekday_examples() {
    assert_eq!(last_weekday(2024, 5, Mon), Some(27));
    assert_eq!(last_weekday(2024, 2, Thu), Some(29));
    assert_eq!(last_weekday(2023, 2, Tue), Some(28));
    assert_eq!(last_weekday(2023, 2, Wed), Some(22));
    assert_eq!(last_weekday(2024, 13, Mon), None);
}
