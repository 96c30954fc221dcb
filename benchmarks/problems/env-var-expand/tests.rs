use solution::*;

fn env(name: &str) -> Option<String> {
    match name {
        "HOME" => Some("/home/ada".to_string()),
        "EMPTY" => Some(String::new()),
        "A_1" => Some("one".to_string()),
        "REF" => Some("$HOME".to_string()),
        _ => None,
    }
}

fn ex(s: &str) -> Result<String, ExpandError> {
    expand(s, env)
}

#[test]
fn simple_names() {
    assert_eq!(ex("$HOME/bin"), Ok("/home/ada/bin".to_string()));
    assert_eq!(ex("x$A_1.y"), Ok("xone.y".to_string()));
    assert_eq!(ex("[$NOPE]"), Ok("[]".to_string()));
    assert_eq!(ex("$HOMEX"), Ok("".to_string()));
}

#[test]
fn braces_and_defaults() {
    assert_eq!(ex("${HOME}x"), Ok("/home/adax".to_string()));
    assert_eq!(ex("${USER:-anon} pays $$5"), Ok("anon pays $5".to_string()));
    assert_eq!(ex("${EMPTY:-fallback}"), Ok("fallback".to_string()));
    assert_eq!(ex("${HOME:-fallback}"), Ok("/home/ada".to_string()));
    assert_eq!(ex("${NOPE:-}|${NOPE}|"), Ok("||".to_string()));
    assert_eq!(ex("${NOPE:-a:-b $HOME}"), Ok("a:-b $HOME".to_string()));
}

#[test]
fn literal_dollars() {
    assert_eq!(ex("cost: $5"), Ok("cost: $5".to_string()));
    assert_eq!(ex("end$"), Ok("end$".to_string()));
    assert_eq!(ex("$ $-$."), Ok("$ $-$.".to_string()));
    assert_eq!(ex("$$HOME"), Ok("$HOME".to_string()));
}

#[test]
fn no_recursive_expansion() {
    assert_eq!(ex("$REF"), Ok("$HOME".to_string()));
}

#[test]
fn unclosed_brace() {
    assert_eq!(ex("${HOME"), Err(ExpandError::Unclosed));
    assert_eq!(ex("ok ${"), Err(ExpandError::Unclosed));
}

#[test]
fn bad_names() {
    assert_eq!(ex("${}"), Err(ExpandError::BadName(String::new())));
    assert_eq!(ex("${1A}"), Err(ExpandError::BadName("1A".to_string())));
    assert_eq!(ex("${a b:-c}"), Err(ExpandError::BadName("a b".to_string())));
    assert_eq!(ex("${:-x}"), Err(ExpandError::BadName(String::new())));
}

#[test]
fn unicode_passthrough() {
    assert_eq!(ex("é$HOME€"), Ok("é/home/ada€".to_string()));
    assert_eq!(ex("$é"), Ok("$é".to_string()));
}
