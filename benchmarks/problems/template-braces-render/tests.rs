use solution::*;
use std::collections::HashMap;

fn vars() -> HashMap<String, String> {
    let mut m = HashMap::new();
    m.insert("name".to_string(), "Ada".to_string());
    m.insert("lang".to_string(), "Rust".to_string());
    m.insert("tricky".to_string(), "{name}".to_string());
    m.insert("empty".to_string(), String::new());
    m
}

#[test]
fn substitutes_keys() {
    assert_eq!(render("Hi {name}, you use {lang}.", &vars()), Ok("Hi Ada, you use Rust.".to_string()));
    assert_eq!(render("Hi { name }! {{literal}}", &vars()), Ok("Hi Ada! {literal}".to_string()));
    assert_eq!(render("[{empty}]", &vars()), Ok("[]".to_string()));
}

#[test]
fn no_placeholders() {
    assert_eq!(render("", &vars()), Ok(String::new()));
    assert_eq!(render("plain text é", &vars()), Ok("plain text é".to_string()));
}

#[test]
fn escapes_next_to_placeholders() {
    assert_eq!(render("{{{name}}}", &vars()), Ok("{Ada}".to_string()));
    assert_eq!(render("}}{{", &vars()), Ok("}{".to_string()));
}

#[test]
fn values_are_not_re_rendered() {
    assert_eq!(render("{tricky}", &vars()), Ok("{name}".to_string()));
}

#[test]
fn unknown_key() {
    assert_eq!(render("a {nope } b", &vars()), Err(TemplateError::UnknownKey("nope".to_string())));
    assert_eq!(render("{Name}", &vars()), Err(TemplateError::UnknownKey("Name".to_string())));
}

#[test]
fn unclosed_and_nested() {
    assert_eq!(render("ab {name", &vars()), Err(TemplateError::Unclosed(3)));
    assert_eq!(render("é{na{me}}", &vars()), Err(TemplateError::Unclosed(2)));
}

#[test]
fn empty_key_and_unmatched_close() {
    assert_eq!(render("x{  }", &vars()), Err(TemplateError::EmptyKey(1)));
    assert_eq!(render("ok} {nope}", &vars()), Err(TemplateError::UnmatchedClose(2)));
    assert_eq!(render("{name}}", &vars()), Err(TemplateError::UnmatchedClose(6)));
}

#[test]
fn first_error_wins() {
    assert_eq!(render("{nope} }", &vars()), Err(TemplateError::UnknownKey("nope".to_string())));
    assert_eq!(render("} {nope}", &vars()), Err(TemplateError::UnmatchedClose(0)));
}
