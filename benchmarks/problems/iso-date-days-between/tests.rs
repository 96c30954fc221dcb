use solution::*;

#[test]
fn simple_differences() {
    assert_eq!(days_between("2024-01-01", "2024-03-01"), Ok(60));
    assert_eq!(days_between("2023-01-01", "2023-03-01"), Ok(59));
    assert_eq!(days_between("2024-05-05", "2024-05-05"), Ok(0));
    assert_eq!(days_between("2023-03-01", "2024-03-01"), Ok(366));
}

#[test]
fn negative_differences() {
    assert_eq!(days_between("2024-03-01", "2024-01-01"), Ok(-60));
    assert_eq!(days_between("2000-01-01", "1970-01-01"), Ok(-10957));
}

#[test]
fn full_range() {
    assert_eq!(days_between("0001-01-01", "9999-12-31"), Ok(3652058));
    assert_eq!(days_between("0000-01-01", "0001-01-01"), Ok(366));
    assert_eq!(days_between("0000-02-28", "0000-03-01"), Ok(2));
    assert_eq!(days_between("1900-02-28", "1900-03-01"), Ok(1));
}

#[test]
fn bad_format() {
    for s in ["2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024-01-01 ", " 2024-01-01", "+202-01-01", "2024-0a-01", "", "20240101", "２０２４-01-01"] {
        assert_eq!(days_between(s, "2024-01-01"), Err(DateError::BadFormat), "{s:?}");
    }
}

#[test]
fn invalid_dates() {
    for s in ["2023-02-29", "1900-02-29", "2024-00-10", "2024-13-01", "2024-04-31", "2024-01-00", "2024-01-32"] {
        assert_eq!(days_between("2024-01-01", s), Err(DateError::InvalidDate), "{s:?}");
    }
    assert_eq!(days_between("2000-02-29", "2000-03-01"), Ok(1));
}

#[test]
fn from_is_checked_first() {
    assert_eq!(days_between("2023-02-29", "bad"), Err(DateError::InvalidDate));
    assert_eq!(days_between("bad", "2023-02-29"), Err(DateError::BadFormat));
    assert_eq!(days_between("2024-01-01", "bad"), Err(DateError::BadFormat));
}
