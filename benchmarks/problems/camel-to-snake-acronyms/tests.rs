use solution::*;

#[test]
fn camel_and_pascal() {
    assert_eq!(to_snake_case("fooBar"), "foo_bar");
    assert_eq!(to_snake_case("FooBarBaz"), "foo_bar_baz");
    assert_eq!(to_snake_case("a"), "a");
    assert_eq!(to_snake_case("A"), "a");
}

#[test]
fn acronyms() {
    assert_eq!(to_snake_case("parseHTTPResponse"), "parse_http_response");
    assert_eq!(to_snake_case("XMLHttpRequest"), "xml_http_request");
    assert_eq!(to_snake_case("getID"), "get_id");
    assert_eq!(to_snake_case("IOError"), "io_error");
    assert_eq!(to_snake_case("ABC"), "abc");
    assert_eq!(to_snake_case("ABc"), "a_bc");
}

#[test]
fn digits_stay_with_previous_word() {
    assert_eq!(to_snake_case("utf8Decoder"), "utf8_decoder");
    assert_eq!(to_snake_case("version2"), "version2");
    assert_eq!(to_snake_case("HTML5Parser"), "html5_parser");
    assert_eq!(to_snake_case("base64encode"), "base64encode");
    assert_eq!(to_snake_case("x86_64"), "x86_64");
}

#[test]
fn underscores() {
    assert_eq!(to_snake_case("already_snake"), "already_snake");
    assert_eq!(to_snake_case("__init__"), "init");
    assert_eq!(to_snake_case("a__b"), "a_b");
    assert_eq!(to_snake_case("Mixed_CaseName"), "mixed_case_name");
    assert_eq!(to_snake_case("_Private"), "private");
}

#[test]
fn empty_and_only_underscores() {
    assert_eq!(to_snake_case(""), "");
    assert_eq!(to_snake_case("___"), "");
}

#[test]
fn screaming_stays_one_word_per_segment() {
    assert_eq!(to_snake_case("MAX_VALUE"), "max_value");
    assert_eq!(to_snake_case("userIDsList"), "user_i_ds_list");
}
