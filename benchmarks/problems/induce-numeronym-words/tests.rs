use solution::*;

#[test]
fn single_long_word() {
    assert_eq!(transform("accessibility"), "a11y");
}

#[test]
fn sentence_with_short_words() {
    assert_eq!(transform("The quick brown fox"), "The q3k b3n fox");
}

#[test]
fn no_letters_or_short() {
    assert_eq!(transform("x"), "x");
    assert_eq!(transform("12345"), "12345");
    assert_eq!(transform("hi!!bye"), "hi!!bye");
}

#[test]
fn punctuation_separates_words() {
    assert_eq!(transform("e-mail:address"), "e-m2l:a5s");
}

#[test]
fn uppercase_kept() {
    assert_eq!(transform("ABCD"), "A2D");
}
