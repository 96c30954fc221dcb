use solution::*;

#[test]
fn ascii_truncation() {
    assert_eq!(truncate("hello world", 8), "hello w…");
    assert_eq!(truncate("hello", 5), "hello");
    assert_eq!(truncate("hello", 4), "hel…");
    assert_eq!(truncate("hello", 1), "…");
    assert_eq!(truncate("", 3), "");
}

#[test]
fn zero_width() {
    assert_eq!(truncate("hello", 0), "");
    assert_eq!(truncate("", 0), "");
}

#[test]
fn counts_chars_not_bytes() {
    assert_eq!(truncate("héllo", 5), "héllo");
    assert_eq!(truncate("日本語", 3), "日本語");
    assert_eq!(truncate("😀😀", 2), "😀😀");
}

#[test]
fn cuts_multibyte_text() {
    assert_eq!(truncate("日本語テキスト", 4), "日本語…");
    assert_eq!(truncate("ééééé", 3), "éé…");
    assert_eq!(truncate("a😀b😀c", 4), "a😀b…");
    assert_eq!(truncate("ab", 1).chars().count(), 1);
}

#[test]
fn tail_ascii() {
    assert_eq!(tail_chars("abcdef", 2), "ef");
    assert_eq!(tail_chars("abcdef", 6), "abcdef");
    assert_eq!(tail_chars("abcdef", 10), "abcdef");
    assert_eq!(tail_chars("abcdef", 0), "");
    assert_eq!(tail_chars("", 0), "");
}

#[test]
fn tail_unicode() {
    assert_eq!(tail_chars("naïve", 3), "ïve");
    assert_eq!(tail_chars("日本語", 1), "語");
    assert_eq!(tail_chars("x😀", 1), "😀");
}
