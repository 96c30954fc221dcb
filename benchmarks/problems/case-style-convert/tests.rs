use solution::*;

#[test]
fn from_spaces() {
    assert_eq!(convert_case("hello world", Case::Snake), "hello_world");
    assert_eq!(convert_case("hello world", Case::Kebab), "hello-world");
    assert_eq!(convert_case("hello world", Case::Camel), "helloWorld");
    assert_eq!(convert_case("hello world", Case::Pascal), "HelloWorld");
    assert_eq!(convert_case("hello world", Case::ScreamingSnake), "HELLO_WORLD");
    assert_eq!(convert_case("content type", Case::Train), "Content-Type");
}

#[test]
fn from_camel_and_pascal() {
    assert_eq!(convert_case("helloWorld", Case::Kebab), "hello-world");
    assert_eq!(convert_case("HelloBigWorld", Case::Snake), "hello_big_world");
    assert_eq!(convert_case("utf8Text", Case::Snake), "utf8_text");
}

#[test]
fn no_acronym_rule() {
    assert_eq!(convert_case("HTTPServer", Case::Snake), "httpserver");
    assert_eq!(convert_case("XML http", Case::Camel), "xmlHttp");
    assert_eq!(convert_case("getHTTP", Case::Pascal), "GetHttp");
}

#[test]
fn separators_collapse_and_trim() {
    assert_eq!(convert_case("  --foo__bar--  ", Case::Camel), "fooBar");
    assert_eq!(convert_case("MAX_VALUE", Case::Train), "Max-Value");
    assert_eq!(convert_case("a.b/c", Case::Kebab), "a-b-c");
}

#[test]
fn non_ascii_is_separator() {
    assert_eq!(convert_case("caféBar", Case::Snake), "caf_bar");
    assert_eq!(convert_case("naïve", Case::Pascal), "NaVe");
}

#[test]
fn digits_at_word_start() {
    assert_eq!(convert_case("2fast 4you", Case::Pascal), "2fast4you");
    assert_eq!(convert_case("2fast 4you", Case::Camel), "2fast4you");
    assert_eq!(convert_case("version 2 beta", Case::Camel), "version2Beta");
}

#[test]
fn empty_input() {
    assert_eq!(convert_case("", Case::Camel), "");
    assert_eq!(convert_case(" _-_ ", Case::Train), "");
}
