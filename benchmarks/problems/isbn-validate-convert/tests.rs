use solution::*;

#[test]
fn valid_isbn10() {
    assert!(is_valid_isbn10("0-306-40615-2"));
    assert!(is_valid_isbn10("0306406152"));
    assert!(is_valid_isbn10("0 8044 2957 X"));
    assert!(is_valid_isbn10("3-598-21508-8"));
}

#[test]
fn invalid_isbn10() {
    assert!(!is_valid_isbn10("0-306-40615-3"));
    assert!(!is_valid_isbn10("080442957x"));
    assert!(!is_valid_isbn10("X804429570"));
    assert!(!is_valid_isbn10("030640615"));
    assert!(!is_valid_isbn10("03064061522"));
    assert!(!is_valid_isbn10("0-306-40615-2!"));
    assert!(!is_valid_isbn10(""));
    assert!(!is_valid_isbn10("0_306_40615_2"));
}

#[test]
fn valid_and_invalid_isbn13() {
    assert!(is_valid_isbn13("978-0-306-40615-7"));
    assert!(is_valid_isbn13("9780804429573"));
    assert!(!is_valid_isbn13("978-0-306-40615-8"));
    assert!(!is_valid_isbn13("978030640615"));
    assert!(!is_valid_isbn13("978030640615X"));
    assert!(!is_valid_isbn13("97803064061570"));
}

#[test]
fn conversion() {
    assert_eq!(isbn10_to_isbn13("0-306-40615-2"), Some("9780306406157".to_string()));
    assert_eq!(isbn10_to_isbn13("080442957X"), Some("9780804429573".to_string()));
    assert_eq!(isbn10_to_isbn13("3-598-21508-8"), Some("9783598215087".to_string()));
}

#[test]
fn conversion_more_examples() {
    assert_eq!(isbn10_to_isbn13("0-19-852663-6"), Some("9780198526636".to_string()));
    assert_eq!(isbn10_to_isbn13("1-000000-29-X"), Some("9781000000290".to_string()));
    let r = isbn10_to_isbn13("1-4028-9462-7").unwrap();
    assert!(is_valid_isbn13(&r));
    assert_eq!(&r[..12], "978140289462");
}

#[test]
fn conversion_rejects_invalid() {
    assert_eq!(isbn10_to_isbn13("0-306-40615-3"), None);
    assert_eq!(isbn10_to_isbn13("9780306406157"), None);
}

#[test]
fn converted_values_are_valid_isbn13() {
    for s in ["0306406152", "080442957X", "3598215088"] {
        assert!(is_valid_isbn13(&isbn10_to_isbn13(s).unwrap()));
    }
}
