use solution::*;

#[test]
fn two_words() {
    assert_eq!(transform("hello world"), "hfnos buytm");
}

#[test]
fn punctuation_and_case() {
    assert_eq!(transform("The End."), "Tig Hri.");
    assert_eq!(transform("Zz Zz"), "Za Bc");
}

#[test]
fn no_letters() {
    assert_eq!(transform("1234"), "1234");
    assert_eq!(transform(""), "");
}

#[test]
fn shift_wraps_past_26_letters() {
    assert_eq!(transform(&"b".repeat(30)), "bcdefghijklmnopqrstuvwxyzabcde");
}

#[test]
fn alphabet() {
    assert_eq!(transform("abcdefghijklmnopqrstuvwxyz"), "acegikmoqsuwyacegikmoqsuwy");
}
