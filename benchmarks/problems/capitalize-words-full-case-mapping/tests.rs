use solution::*;

#[test]
fn ascii_words() {
    assert_eq!(capitalize_words("hello  wORLD"), "Hello  World");
    assert_eq!(capitalize_words("a b c"), "A B C");
    assert_eq!(capitalize_words(""), "");
}

#[test]
fn whitespace_preserved_exactly() {
    assert_eq!(capitalize_words("  one\ttwo\nthree  "), "  One\tTwo\nThree  ");
    assert_eq!(capitalize_words("x\u{3000}y"), "X\u{3000}Y");
    assert_eq!(capitalize_words(" \t\n"), " \t\n");
}

#[test]
fn accented_letters() {
    assert_eq!(capitalize_words("\télève\n1st"), "\tÉlève\n1st");
    assert_eq!(capitalize_words("ÉCOLE ÜBER"), "École Über");
}

#[test]
fn uppercase_expands_to_several_chars() {
    assert_eq!(capitalize_words("ßtraße"), "SStraße");
    assert_eq!(capitalize_words("ß"), "SS");
    assert_eq!(capitalize_words("ﬁne ﬂow"), "FIne FLow");
    assert_eq!(capitalize_words("ŉ"), "\u{2bc}N");
}

#[test]
fn lowercase_expands_too() {
    assert_eq!(capitalize_words("Xİ"), "Xi\u{307}");
    assert_eq!(capitalize_words("İSTANBUL"), "İstanbul");
}

#[test]
fn caseless_and_mixed_scripts() {
    assert_eq!(capitalize_words("日本 語"), "日本 語");
    assert_eq!(capitalize_words("42ND street"), "42nd Street");
    assert_eq!(capitalize_words("ǆemal"), "Ǆemal");
    assert_eq!(capitalize_words("ωμέγα"), "Ωμέγα");
    assert_eq!(capitalize_words("😀smile"), "😀smile");
}
