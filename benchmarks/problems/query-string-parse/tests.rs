use solution::*;

fn p(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn example() {
    let q = Query::parse("?a=1&b=x+y&a=%C3%A9&flag");
    assert_eq!(q.pairs(), &p(&[("a", "1"), ("b", "x y"), ("a", "é"), ("flag", "")])[..]);
    assert_eq!(q.get("a"), Some("1"));
    assert_eq!(q.get_all("a"), vec!["1", "é"]);
    assert_eq!(q.get("missing"), None);
    assert_eq!(q.len(), 4);
}

#[test]
fn empty_and_skipped_segments() {
    assert_eq!(Query::parse("").len(), 0);
    assert_eq!(Query::parse("?").len(), 0);
    let q = Query::parse("&&a=1&&");
    assert_eq!(q.pairs(), &p(&[("a", "1")])[..]);
}

#[test]
fn first_equals_splits() {
    let q = Query::parse("expr=a=b&=x&k=");
    assert_eq!(q.pairs(), &p(&[("expr", "a=b"), ("", "x"), ("k", "")])[..]);
    assert_eq!(q.get(""), Some("x"));
}

#[test]
fn only_one_question_mark_removed() {
    let q = Query::parse("??a=1");
    assert_eq!(q.pairs(), &p(&[("?a", "1")])[..]);
}

#[test]
fn decoding_keys_and_values() {
    let q = Query::parse("first+name=Ada%20Lovelace&a%2Bb=1%2B1%3D2");
    assert_eq!(q.get("first name"), Some("Ada Lovelace"));
    assert_eq!(q.get("a+b"), Some("1+1=2"));
}

#[test]
fn bad_escapes_kept_literally() {
    let q = Query::parse("p=100%&q=%zz&r=%4");
    assert_eq!(q.get("p"), Some("100%"));
    assert_eq!(q.get("q"), Some("%zz"));
    assert_eq!(q.get("r"), Some("%4"));
}

#[test]
fn invalid_utf8_is_lossy() {
    let q = Query::parse("x=%FFa");
    assert_eq!(q.get("x"), Some("\u{FFFD}a"));
}

#[test]
fn keys_are_case_sensitive() {
    let q = Query::parse("A=1&a=2");
    assert_eq!(q.get("a"), Some("2"));
    assert_eq!(q.get_all("A"), vec!["1"]);
    assert!(q.get_all("b").is_empty());
}
