use solution::*;
use Weekday::*;

fn d(year: i32, month: u32, day: u32) -> Date {
    Date { year, month, day }
}

fn ds(list: &[(i32, u32, u32)]) -> Vec<Date> {
    list.iter().map(|&(y, m, dd)| d(y, m, dd)).collect()
}

#[test]
fn example_from_statement() {
    assert_eq!(
        monthly_occurrences(d(2024, 1, 10), 1, Nth::Second, Tuesday, 3),
        Ok(ds(&[(2024, 2, 13), (2024, 3, 12), (2024, 4, 9)]))
    );
}

#[test]
fn weekdays() {
    assert_eq!(weekday_of(d(1, 1, 1)), Some(Monday));
    assert_eq!(weekday_of(d(1970, 1, 1)), Some(Thursday));
    assert_eq!(weekday_of(d(2000, 2, 29)), Some(Tuesday));
    assert_eq!(weekday_of(d(2024, 2, 29)), Some(Thursday));
    assert_eq!(weekday_of(d(1900, 3, 1)), Some(Thursday));
    assert_eq!(weekday_of(d(2023, 12, 25)), Some(Monday));
    assert_eq!(weekday_of(d(9999, 12, 31)), Some(Friday));
}

#[test]
fn invalid_dates() {
    assert_eq!(weekday_of(d(1900, 2, 29)), None);
    assert_eq!(weekday_of(d(2023, 2, 29)), None);
    assert_eq!(weekday_of(d(2024, 4, 31)), None);
    assert_eq!(weekday_of(d(2024, 13, 1)), None);
    assert_eq!(weekday_of(d(2024, 0, 1)), None);
    assert_eq!(weekday_of(d(2024, 1, 0)), None);
    assert_eq!(weekday_of(d(0, 1, 1)), None);
    assert_eq!(weekday_of(d(10000, 1, 1)), None);
    assert_eq!(
        monthly_occurrences(d(2023, 2, 29), 0, Nth::First, Monday, 1),
        Err(RecurrenceError::InvalidDate)
    );
    assert_eq!(
        monthly_occurrences(d(2023, 2, 28), 0, Nth::First, Monday, 1),
        Err(RecurrenceError::ZeroInterval)
    );
}

#[test]
fn simple_monthly_and_count_zero() {
    assert_eq!(
        monthly_occurrences(d(2024, 1, 1), 1, Nth::Second, Tuesday, 6),
        Ok(ds(&[(2024, 1, 9), (2024, 2, 13), (2024, 3, 12), (2024, 4, 9), (2024, 5, 14), (2024, 6, 11)]))
    );
    assert_eq!(monthly_occurrences(d(2024, 1, 1), 1, Nth::First, Monday, 0), Ok(vec![]));
    // start day itself counts
    assert_eq!(
        monthly_occurrences(d(2024, 1, 1), 3, Nth::First, Monday, 5),
        Ok(ds(&[(2024, 1, 1), (2024, 4, 1), (2024, 7, 1), (2024, 10, 7), (2025, 1, 6)]))
    );
}

#[test]
fn fifth_weekday_skips_months() {
    assert_eq!(
        monthly_occurrences(d(2024, 1, 1), 1, Nth::Fifth, Friday, 5),
        Ok(ds(&[(2024, 3, 29), (2024, 5, 31), (2024, 8, 30), (2024, 11, 29), (2025, 1, 31)]))
    );
    // fifth Tuesday of February only in some leap years
    assert_eq!(
        monthly_occurrences(d(2000, 2, 1), 12, Nth::Fifth, Tuesday, 3),
        Ok(ds(&[(2000, 2, 29), (2028, 2, 29), (2056, 2, 29)]))
    );
    assert_eq!(
        monthly_occurrences(d(2019, 1, 1), 12, Nth::Fifth, Thursday, 2),
        Ok(ds(&[(2019, 1, 31), (2020, 1, 30)]))
    );
}

#[test]
fn last_weekday_and_year_crossing() {
    assert_eq!(
        monthly_occurrences(d(2023, 11, 30), 1, Nth::Last, Sunday, 4),
        Ok(ds(&[(2023, 12, 31), (2024, 1, 28), (2024, 2, 25), (2024, 3, 31)]))
    );
    assert_eq!(
        monthly_occurrences(d(2024, 5, 31), 1, Nth::Last, Friday, 3),
        Ok(ds(&[(2024, 5, 31), (2024, 6, 28), (2024, 7, 26)]))
    );
    assert_eq!(
        monthly_occurrences(d(2024, 1, 31), 7, Nth::Fourth, Sunday, 4),
        Ok(ds(&[(2024, 8, 25), (2025, 3, 23), (2025, 10, 26), (2026, 5, 24)]))
    );
}

#[test]
fn calendar_ends_at_year_9999() {
    assert_eq!(
        monthly_occurrences(d(9999, 10, 1), 1, Nth::First, Monday, 5),
        Ok(ds(&[(9999, 10, 4), (9999, 11, 1), (9999, 12, 6)]))
    );
    assert_eq!(monthly_occurrences(d(9999, 12, 31), 1, Nth::First, Monday, 5), Ok(vec![]));
    assert_eq!(
        monthly_occurrences(d(1, 1, 1), 1, Nth::First, Monday, 2),
        Ok(ds(&[(1, 1, 1), (1, 2, 5)]))
    );
}

#[test]
fn long_run_is_consistent() {
    let v = monthly_occurrences(d(1600, 1, 1), 1, Nth::Last, Saturday, 12 * 400).unwrap();
    assert_eq!(v.len(), 4800);
    assert_eq!(v[0], d(1600, 1, 29));
    assert_eq!(*v.last().unwrap(), d(1999, 12, 25));
    for x in &v {
        assert_eq!(weekday_of(*x), Some(Saturday));
    }
}
