use solution::*;
use std::cmp::Ordering::*;

#[test]
fn numeric_not_lexicographic() {
    assert_eq!(compare_dotted("1.10", "1.9"), Greater);
    assert_eq!(compare_dotted("2", "10"), Less);
    assert_eq!(compare_dotted("1.2.3", "1.2.3"), Equal);
}

#[test]
fn missing_and_trailing_zero_segments() {
    assert_eq!(compare_dotted("1.2", "1.2.0"), Equal);
    assert_eq!(compare_dotted("1.2.0.0", "1.2"), Equal);
    assert_eq!(compare_dotted("1.2", "1.2.0.1"), Less);
    assert_eq!(compare_dotted("0", ""), Equal);
}

#[test]
fn empty_segments_and_leading_zeros() {
    assert_eq!(compare_dotted("1..2", "1.0.2"), Equal);
    assert_eq!(compare_dotted(".5", "0.5"), Equal);
    assert_eq!(compare_dotted("3.", "3"), Equal);
    assert_eq!(compare_dotted("01.002", "1.2"), Equal);
    assert_eq!(compare_dotted("1.00010", "1.9"), Greater);
    assert_eq!(compare_dotted("000", "0.0.0"), Equal);
}

#[test]
fn huge_segments() {
    assert_eq!(compare_dotted("1.99999999999999999999999", "1.18446744073709551615"), Greater);
    assert_eq!(
        compare_dotted("123456789012345678901234567890", "123456789012345678901234567891"),
        Less
    );
    assert_eq!(compare_dotted("0000000000000000000000000007", "7"), Equal);
}

#[test]
fn max_version_basic() {
    assert_eq!(max_version(&[]), None);
    assert_eq!(max_version(&["1.2", "1.10", "1.9"]), Some("1.10"));
    assert_eq!(max_version(&["0.1"]), Some("0.1"));
}

#[test]
fn max_version_first_of_equals() {
    assert_eq!(max_version(&["1.2", "1.10", "1.10.0"]), Some("1.10"));
    assert_eq!(max_version(&["1.10.0", "1.10", "01.10"]), Some("1.10.0"));
    assert_eq!(max_version(&["", "0", "0.0"]), Some(""));
}
