use solution::*;

#[test]
fn quote_simple() {
    assert_eq!(quote_json(""), "\"\"");
    assert_eq!(quote_json("hello"), "\"hello\"");
    assert_eq!(quote_json("a\"b\n"), "\"a\\\"b\\n\"");
    assert_eq!(quote_json("back\\slash/"), "\"back\\\\slash/\"");
}

#[test]
fn quote_control_chars() {
    assert_eq!(quote_json("\u{8}\u{c}\r\t"), "\"\\b\\f\\r\\t\"");
    assert_eq!(quote_json("\u{1b}[0m\u{0}\u{1f}"), "\"\\u001b[0m\\u0000\\u001f\"");
    assert_eq!(quote_json("\u{7f}é😀"), "\"\u{7f}é😀\"");
}

#[test]
fn unquote_simple_and_escapes() {
    assert_eq!(unquote_json("\"\""), Some(String::new()));
    assert_eq!(unquote_json(r#""a\"b\\c\/d\n\t\r\b\f""#), Some("a\"b\\c/d\n\t\r\u{8}\u{c}".to_string()));
    assert_eq!(unquote_json(r#""\u0041\u00e9\u00E9\u0000""#), Some("Aéé\u{0}".to_string()));
    assert_eq!(unquote_json("\"日本\""), Some("日本".to_string()));
}

#[test]
fn unquote_surrogate_pairs() {
    assert_eq!(unquote_json(r#""\ud83d\ude00!""#), Some("😀!".to_string()));
    assert_eq!(unquote_json(r#""\uD834\uDD1E""#), Some("𝄞".to_string()));
    assert_eq!(unquote_json(r#""\ud83d""#), None);
    assert_eq!(unquote_json(r#""\ude00\ud83d""#), None);
    assert_eq!(unquote_json(r#""\ud83dx""#), None);
    assert_eq!(unquote_json(r#""\ud83d\u0041""#), None);
}

#[test]
fn unquote_rejects_bad_framing() {
    assert_eq!(unquote_json(""), None);
    assert_eq!(unquote_json("\""), None);
    assert_eq!(unquote_json("abc"), None);
    assert_eq!(unquote_json("\"abc"), None);
    assert_eq!(unquote_json("\"a\"b\""), None);
    assert_eq!(unquote_json(r#""abc\""#), None);
}

#[test]
fn unquote_rejects_bad_escapes_and_controls() {
    assert_eq!(unquote_json(r#""\x41""#), None);
    assert_eq!(unquote_json(r#""\u12""#), None);
    assert_eq!(unquote_json(r#""\u12G4""#), None);
    assert_eq!(unquote_json("\"a\nb\""), None);
    assert_eq!(unquote_json("\"tab\there\""), None);
}

#[test]
fn round_trip() {
    let s = "mixed \"quotes\", \\slashes\\, \u{1} ctrl, tabs\t and 😀";
    assert_eq!(unquote_json(&quote_json(s)), Some(s.to_string()));
}
