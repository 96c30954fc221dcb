use solution::*;

#[test]
fn example() {
    let ini = Ini::parse("name = demo\n[server]\nport=8080\n").unwrap();
    assert_eq!(ini.get("", "name"), Some("demo"));
    assert_eq!(ini.get("server", "port"), Some("8080"));
    assert_eq!(ini.sections(), vec!["", "server"]);
}

#[test]
fn comments_blank_lines_and_trimming() {
    let text = "  ; comment\n# another\n\n[ db ]\n  host =  localhost  \nurl = a=b=c\nempty =\n";
    let ini = Ini::parse(text).unwrap();
    assert_eq!(ini.get("db", "host"), Some("localhost"));
    assert_eq!(ini.get("db", "url"), Some("a=b=c"));
    assert_eq!(ini.get("db", "empty"), Some(""));
    assert_eq!(ini.sections(), vec!["db"]);
    assert_eq!(ini.keys("db"), vec!["empty", "host", "url"]);
}

#[test]
fn sections_listing() {
    let ini = Ini::parse("[zeta]\n[alpha]\nk=v\n[empty]\n").unwrap();
    assert_eq!(ini.sections(), vec!["alpha", "empty", "zeta"]);
    assert_eq!(ini.keys("empty"), Vec::<&str>::new());
    assert_eq!(ini.keys("missing"), Vec::<&str>::new());
    assert_eq!(Ini::parse("").unwrap().sections(), Vec::<&str>::new());
}

#[test]
fn reopened_section_and_case_sensitivity() {
    let ini = Ini::parse("[a]\nx=1\n[b]\ny=2\n[a]\nz=3\nX=4\n").unwrap();
    assert_eq!(ini.keys("a"), vec!["X", "x", "z"]);
    assert_eq!(ini.get("A", "x"), None);
    assert_eq!(ini.get("a", "missing"), None);
}

#[test]
fn bad_sections() {
    assert_eq!(Ini::parse("[ok]\n[broken\n").err(), Some(IniError::BadSection { line: 2 }));
    assert_eq!(Ini::parse("[]\n").err(), Some(IniError::BadSection { line: 1 }));
    assert_eq!(Ini::parse("\n[   ]").err(), Some(IniError::BadSection { line: 2 }));
}

#[test]
fn key_errors() {
    assert_eq!(Ini::parse("a=1\njunk line\n").err(), Some(IniError::MissingEquals { line: 2 }));
    assert_eq!(Ini::parse("x=1\n = 2\n").err(), Some(IniError::EmptyKey { line: 2 }));
    assert_eq!(
        Ini::parse("[s]\nk=1\n[t]\nk=1\n[s]\n k = 2\n").err(),
        Some(IniError::DuplicateKey { line: 6, key: "k".to_string() })
    );
}

#[test]
fn first_error_wins_and_crlf() {
    assert_eq!(Ini::parse("oops\n[bad\n").err(), Some(IniError::MissingEquals { line: 1 }));
    let ini = Ini::parse("[s]\r\nk = v\r\n").unwrap();
    assert_eq!(ini.get("s", "k"), Some("v"));
}
