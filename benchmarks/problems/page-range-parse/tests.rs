use solution::*;

#[test]
fn parse_simple() {
    assert_eq!(parse_pages("5, 1-3, 2", 10), Ok(vec![1, 2, 3, 5]));
    assert_eq!(parse_pages("7", 7), Ok(vec![7]));
    assert_eq!(parse_pages(" 2 - 4 ", 10), Ok(vec![2, 3, 4]));
}

#[test]
fn parse_open_ranges() {
    assert_eq!(parse_pages("8-", 10), Ok(vec![8, 9, 10]));
    assert_eq!(parse_pages("-3", 10), Ok(vec![1, 2, 3]));
    assert_eq!(parse_pages("-2, 9-", 10), Ok(vec![1, 2, 9, 10]));
    assert_eq!(parse_pages("3-3", 10), Ok(vec![3]));
}

#[test]
fn parse_empty() {
    assert_eq!(parse_pages("", 10), Err(PageError::Empty));
    assert_eq!(parse_pages("  \t", 10), Err(PageError::Empty));
}

#[test]
fn parse_invalid_parts() {
    assert_eq!(parse_pages("1,,2", 10), Err(PageError::Invalid(String::new())));
    assert_eq!(parse_pages("1, - ", 10), Err(PageError::Invalid("-".to_string())));
    assert_eq!(parse_pages("a-3", 10), Err(PageError::Invalid("a-3".to_string())));
    assert_eq!(parse_pages("1-2-3", 10), Err(PageError::Invalid("1-2-3".to_string())));
    assert_eq!(parse_pages("+4", 10), Err(PageError::Invalid("+4".to_string())));
    assert_eq!(parse_pages("1 2", 10), Err(PageError::Invalid("1 2".to_string())));
    assert_eq!(parse_pages("99999999999", 10), Err(PageError::Invalid("99999999999".to_string())));
}

#[test]
fn parse_range_errors() {
    assert_eq!(parse_pages("0", 10), Err(PageError::OutOfRange(0)));
    assert_eq!(parse_pages("3-11", 10), Err(PageError::OutOfRange(11)));
    assert_eq!(parse_pages("12-", 10), Err(PageError::OutOfRange(12)));
    assert_eq!(parse_pages("11-0", 10), Err(PageError::OutOfRange(11)));
    assert_eq!(parse_pages("5-2", 10), Err(PageError::Reversed { start: 5, end: 2 }));
}

#[test]
fn parse_first_error_wins() {
    assert_eq!(parse_pages("5-2, x", 10), Err(PageError::Reversed { start: 5, end: 2 }));
    assert_eq!(parse_pages("x, 5-2", 10), Err(PageError::Invalid("x".to_string())));
}

#[test]
fn format_runs() {
    assert_eq!(format_pages(&[]), "");
    assert_eq!(format_pages(&[7, 1, 2, 3, 5, 6]), "1-3,5-7");
    assert_eq!(format_pages(&[4, 5, 9]), "4,5,9");
    assert_eq!(format_pages(&[3, 3, 3]), "3");
    assert_eq!(format_pages(&[1, 2, 3, 4, 10, 12, 13, 14, 20, 21]), "1-4,10,12-14,20,21");
    assert_eq!(format_pages(&[u32::MAX, u32::MAX - 1]), "4294967294,4294967295");
}

#[test]
fn round_trip() {
    let pages = parse_pages("1-4, 6, 8-9, 11-", 13).unwrap();
    assert_eq!(format_pages(&pages), "1-4,6,8,9,11-13");
}
