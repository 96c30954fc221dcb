use solution::*;

#[test]
fn basic_shift_preserves_case_and_punctuation() {
    assert_eq!(caesar_shift("Hello, World!", 3), "Khoor, Zruog!");
}

#[test]
fn wraps_around_the_end() {
    assert_eq!(caesar_shift("xyz XYZ", 3), "abc ABC");
}

#[test]
fn negative_shift() {
    assert_eq!(caesar_shift("abc", -1), "zab");
    assert_eq!(caesar_shift("Khoor", -3), "Hello");
}

#[test]
fn large_shifts_reduce_modulo_26() {
    assert_eq!(caesar_shift("abc", 26), "abc");
    assert_eq!(caesar_shift("abc", 27001), "nop");
    assert_eq!(caesar_shift("abc", -27001), "nop");
    assert_eq!(caesar_shift("Abc", i32::MAX), "Xyz");
    assert_eq!(caesar_shift("Abc", i32::MIN), "Cde");
}

#[test]
fn non_ascii_and_digits_unchanged() {
    assert_eq!(caesar_shift("é1ß z", 1), "é1ß a");
}

#[test]
fn empty_input() {
    assert_eq!(caesar_shift("", 5), "");
}

#[test]
fn round_trip() {
    let s = "The Quick Brown Fox, 42!";
    assert_eq!(caesar_shift(&caesar_shift(s, 11), -11), s);
}
