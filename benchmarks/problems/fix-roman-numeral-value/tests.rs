use solution::*;

#[test]
fn single_symbols() {
    assert_eq!(roman_to_int("I"), Some(1));
    assert_eq!(roman_to_int("V"), Some(5));
    assert_eq!(roman_to_int("M"), Some(1000));
}

#[test]
fn additive_forms() {
    assert_eq!(roman_to_int("XII"), Some(12));
    assert_eq!(roman_to_int("MDCLXVI"), Some(1666));
    assert_eq!(roman_to_int("III"), Some(3));
}

#[test]
fn subtractive_forms() {
    assert_eq!(roman_to_int("IV"), Some(4));
    assert_eq!(roman_to_int("IX"), Some(9));
    assert_eq!(roman_to_int("XL"), Some(40));
    assert_eq!(roman_to_int("MCMXCIV"), Some(1994));
    assert_eq!(roman_to_int("MMXXIV"), Some(2024));
    assert_eq!(roman_to_int("CDXLIV"), Some(444));
}

#[test]
fn non_canonical_forms() {
    assert_eq!(roman_to_int("IIII"), Some(4));
    assert_eq!(roman_to_int("IC"), Some(99));
    assert_eq!(roman_to_int("VX"), Some(5));
    assert_eq!(roman_to_int("IIV"), Some(5));
    assert_eq!(roman_to_int("XXC"), Some(100));
}

#[test]
fn rejects_empty_and_foreign_characters() {
    assert_eq!(roman_to_int(""), None);
    assert_eq!(roman_to_int("xii"), None);
    assert_eq!(roman_to_int("X I"), None);
    assert_eq!(roman_to_int("X1"), None);
    assert_eq!(roman_to_int("MⅯ"), None);
}
