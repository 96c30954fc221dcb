use solution::*;

#[test]
fn sentence() {
    assert_eq!(transform("programming is fun"), "prugremmong os fan");
}

#[test]
fn both_cases_cycle() {
    assert_eq!(transform("UuOoIiEeAa"), "AaUuOoIiEe");
}

#[test]
fn no_vowels_unchanged() {
    assert_eq!(transform("xyz 123"), "xyz 123");
    assert_eq!(transform(""), "");
}

#[test]
fn accented_letters_unchanged() {
    assert_eq!(transform("naïve Zoë"), "neïvi Zuë");
}

#[test]
fn capitalised_word() {
    assert_eq!(transform("Education"), "Idacetoun");
}
