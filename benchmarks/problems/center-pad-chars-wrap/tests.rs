use solution::*;

#[test]
fn center_ascii() {
    assert_eq!(center("ab", 5, '*'), "*ab**");
    assert_eq!(center("ab", 6, '*'), "**ab**");
    assert_eq!(center("", 3, '-'), "---");
    assert_eq!(center("x", 2, ' '), "x ");
}

#[test]
fn center_no_padding_needed() {
    assert_eq!(center("hello", 3, ' '), "hello");
    assert_eq!(center("hello", 5, ' '), "hello");
    assert_eq!(center("", 0, '*'), "");
}

#[test]
fn center_counts_chars() {
    assert_eq!(center("é", 4, '·'), "·é··");
    assert_eq!(center("日本", 4, ' '), " 日本 ");
    assert_eq!(center("日本語", 3, '*'), "日本語");
    assert_eq!(center("😀", 3, '🎉'), "🎉😀🎉");
    assert_eq!(center("naïve", 6, '.'), "naïve.");
}

#[test]
fn wrap_ascii() {
    assert_eq!(wrap_chars("abcdefg", 3), vec!["abc", "def", "g"]);
    assert_eq!(wrap_chars("abcdef", 3), vec!["abc", "def"]);
    assert_eq!(wrap_chars("ab", 10), vec!["ab"]);
    assert_eq!(wrap_chars("a b\nc", 2), vec!["a ", "b\n", "c"]);
}

#[test]
fn wrap_empty() {
    assert!(wrap_chars("", 4).is_empty());
}

#[test]
fn wrap_multibyte() {
    assert_eq!(wrap_chars("日本語のテキスト", 3), vec!["日本語", "のテキ", "スト"]);
    assert_eq!(wrap_chars("é😀a", 1), vec!["é", "😀", "a"]);
    let s = "ünïcödé wörds";
    assert_eq!(wrap_chars(s, 4).concat(), s);
    assert!(wrap_chars(s, 4).iter().all(|p| p.chars().count() <= 4));
}

#[test]
#[should_panic]
fn wrap_zero_width_panics() {
    wrap_chars("abc", 0);
}
