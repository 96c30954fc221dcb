use solution::*;

#[test]
fn simple_values() {
    assert_eq!(parse_roman("I"), Some(1));
    assert_eq!(parse_roman("III"), Some(3));
    assert_eq!(parse_roman("IV"), Some(4));
    assert_eq!(parse_roman("IX"), Some(9));
    assert_eq!(parse_roman("XLIX"), Some(49));
    assert_eq!(parse_roman("CDXLIV"), Some(444));
}

#[test]
fn larger_values() {
    assert_eq!(parse_roman("MCMXCIV"), Some(1994));
    assert_eq!(parse_roman("MMXXIV"), Some(2024));
    assert_eq!(parse_roman("MMMCMXCIX"), Some(3999));
    assert_eq!(parse_roman("DCCCLXXXVIII"), Some(888));
}

#[test]
fn non_canonical_repetitions_rejected() {
    assert_eq!(parse_roman("IIII"), None);
    assert_eq!(parse_roman("VV"), None);
    assert_eq!(parse_roman("LL"), None);
    assert_eq!(parse_roman("DD"), None);
    assert_eq!(parse_roman("MMMM"), None);
    assert_eq!(parse_roman("XXXX"), None);
}

#[test]
fn non_canonical_subtractions_rejected() {
    assert_eq!(parse_roman("IC"), None);
    assert_eq!(parse_roman("IL"), None);
    assert_eq!(parse_roman("XM"), None);
    assert_eq!(parse_roman("VX"), None);
    assert_eq!(parse_roman("IIX"), None);
    assert_eq!(parse_roman("IXI"), None);
    assert_eq!(parse_roman("IVI"), None);
    assert_eq!(parse_roman("XCX"), None);
}

#[test]
fn wrong_order_rejected() {
    assert_eq!(parse_roman("IM"), None);
    assert_eq!(parse_roman("XIM"), None);
    assert_eq!(parse_roman("CMM"), None);
}

#[test]
fn invalid_characters_and_empty() {
    assert_eq!(parse_roman(""), None);
    assert_eq!(parse_roman("mcm"), None);
    assert_eq!(parse_roman("X I"), None);
    assert_eq!(parse_roman("XA"), None);
    assert_eq!(parse_roman("Ⅻ"), None);
}
