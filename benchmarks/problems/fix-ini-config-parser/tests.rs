use solution::*;
use std::collections::BTreeMap;

fn m(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn example_config() {
    let text = "name = demo\n[db]\nurl = pg://h?a=1\n  # note\nport=5432";
    assert_eq!(
        parse_config(text),
        Ok(m(&[("db.port", "5432"), ("db.url", "pg://h?a=1"), ("name", "demo")]))
    );
}

#[test]
fn comments_and_blank_lines() {
    let text = "# top\n\n   ; indented semicolon\n\t# indented hash\nk = v\n   \n";
    assert_eq!(parse_config(text), Ok(m(&[("k", "v")])));
    assert_eq!(parse_config(""), Ok(BTreeMap::new()));
}

#[test]
fn value_may_contain_equals_and_be_empty() {
    assert_eq!(parse_config("expr = a=b=c"), Ok(m(&[("expr", "a=b=c")])));
    assert_eq!(parse_config("empty =   "), Ok(m(&[("empty", "")])));
}

#[test]
fn later_assignment_wins_and_sections_switch() {
    let text = "a=1\n[s]\na=2\n[ t ]\na=3\n[s]\na=4\n";
    assert_eq!(parse_config(text), Ok(m(&[("a", "1"), ("s.a", "4"), ("t.a", "3")])));
}

#[test]
fn errors_use_one_based_lines() {
    assert_eq!(parse_config("ok=1\nbroken"), Err(ConfigError::MissingEquals { line: 2 }));
    assert_eq!(parse_config("novalue"), Err(ConfigError::MissingEquals { line: 1 }));
    assert_eq!(parse_config("a=1\n\n = 3"), Err(ConfigError::EmptyKey { line: 3 }));
}

#[test]
fn bad_sections() {
    assert_eq!(parse_config("[open"), Err(ConfigError::BadSection { line: 1 }));
    assert_eq!(parse_config("x=1\n[  ]"), Err(ConfigError::BadSection { line: 2 }));
    assert_eq!(parse_config("[]\nbad"), Err(ConfigError::BadSection { line: 1 }));
}

#[test]
fn crlf_lines() {
    assert_eq!(parse_config("[w]\r\nk = v\r\n"), Ok(m(&[("w.k", "v")])));
}
