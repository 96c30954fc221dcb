use solution::*;

#[test]
fn simple_wrap() {
    assert_eq!(wrap("the quick brown fox", 10), vec!["the quick", "brown fox"]);
    assert_eq!(wrap("the quick brown fox", 100), vec!["the quick brown fox"]);
}

#[test]
fn exact_fit() {
    assert_eq!(wrap("aaa bbb ccc", 7), vec!["aaa bbb", "ccc"]);
    assert_eq!(wrap("aaa bbb", 3), vec!["aaa", "bbb"]);
}

#[test]
fn whitespace_is_normalised() {
    assert_eq!(wrap("  one \n\t two   three ", 9), vec!["one two", "three"]);
}

#[test]
fn empty_input() {
    assert_eq!(wrap("", 5), Vec::<String>::new());
    assert_eq!(wrap("   \n ", 5), Vec::<String>::new());
}

#[test]
fn long_words_are_broken() {
    assert_eq!(wrap("a abcdefghijkl b", 5), vec!["a", "abcde", "fghij", "kl b"]);
    assert_eq!(wrap("abcdefghij xy", 5), vec!["abcde", "fghij", "xy"]);
    assert_eq!(wrap("abcdefg", 3), vec!["abc", "def", "g"]);
}

#[test]
fn counts_chars_not_bytes() {
    assert_eq!(wrap("héé ßß ü", 6), vec!["héé ßß", "ü"]);
    assert_eq!(wrap("日本語テキスト", 3), vec!["日本語", "テキス", "ト"]);
}

#[test]
fn width_one() {
    assert_eq!(wrap("ab c", 1), vec!["a", "b", "c"]);
}

#[test]
#[should_panic]
fn zero_width_panics() {
    wrap("abc", 0);
}
