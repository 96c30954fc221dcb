use solution::*;

#[test]
fn positive_shift() {
    assert_eq!(shift_letters("Hello, World!", 3), "Khoor, Zruog!");
    assert_eq!(shift_letters("xyz XYZ", 2), "zab ZAB");
    assert_eq!(shift_letters("", 5), "");
}

#[test]
fn negative_shift() {
    assert_eq!(shift_letters("abc", -1), "zab");
    assert_eq!(shift_letters("Khoor, Zruog!", -3), "Hello, World!");
    assert_eq!(shift_letters("A", -27), "Z");
}

#[test]
fn large_keys_wrap() {
    assert_eq!(shift_letters("abc", 27), "bcd");
    assert_eq!(shift_letters("abc", 26 * 1000), "abc");
    assert_eq!(shift_letters("abc", i32::MAX), "xyz");
    assert_eq!(shift_letters("abc", i32::MIN), "cde");
}

#[test]
fn non_ascii_letters_unchanged() {
    assert_eq!(shift_letters("Café", 1), "Dbgé");
    assert_eq!(shift_letters("Straße Ж", 1), "Tusbßf Ж");
    assert_eq!(shift_letters("ÉÀ 1-2", 5), "ÉÀ 1-2");
}

#[test]
fn round_trip_all_keys() {
    let text = "The Quick Brown Fox, 42!";
    for k in -60..60 {
        assert_eq!(shift_letters(&shift_letters(text, k), -k), text, "k = {k}");
    }
}
