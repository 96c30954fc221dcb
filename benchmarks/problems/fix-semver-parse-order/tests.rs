use solution::*;

fn v(s: &str) -> Version {
    parse_version(s).unwrap_or_else(|| panic!("{s} should parse"))
}

#[test]
fn parses_fields() {
    assert_eq!(
        parse_version("1.2.3"),
        Some(Version { major: 1, minor: 2, patch: 3, pre: None })
    );
    assert_eq!(
        parse_version("0.10.0-beta.2"),
        Some(Version { major: 0, minor: 10, patch: 0, pre: Some("beta.2".to_string()) })
    );
    assert_eq!(v("1.0.0-rc-1").pre.as_deref(), Some("rc-1"));
    assert_eq!(v("18446744073709551615.0.0").major, u64::MAX);
}

#[test]
fn rejects_wrong_component_count() {
    assert_eq!(parse_version("1.2"), None);
    assert_eq!(parse_version("1.2.3.4"), None);
    assert_eq!(parse_version("1.2.3.4-alpha"), None);
    assert_eq!(parse_version(""), None);
}

#[test]
fn rejects_bad_numbers() {
    assert_eq!(parse_version("01.2.3"), None);
    assert_eq!(parse_version("1.02.3"), None);
    assert_eq!(parse_version("+1.2.3"), None);
    assert_eq!(parse_version("1.+2.3"), None);
    assert_eq!(parse_version("1..3"), None);
    assert_eq!(parse_version(" 1.2.3"), None);
    assert_eq!(parse_version("18446744073709551616.0.0"), None);
}

#[test]
fn rejects_bad_prerelease() {
    assert_eq!(parse_version("1.2.3-"), None);
    assert_eq!(parse_version("1.2.3-be ta"), None);
    assert_eq!(parse_version("1.2.3-β"), None);
}

#[test]
fn numeric_ordering() {
    assert!(v("1.10.0") > v("1.9.7"));
    assert!(v("2.0.0") > v("1.99.99"));
    assert!(v("1.2.10") > v("1.2.9"));
    assert_eq!(v("1.2.3").cmp(&v("1.2.3")), std::cmp::Ordering::Equal);
}

#[test]
fn prerelease_is_lower() {
    assert!(v("2.0.0-rc.1") < v("2.0.0"));
    assert!(v("2.0.0-alpha") < v("2.0.0-beta"));
    assert!(v("2.0.0-rc.1") > v("1.9.9"));
}

#[test]
fn sorting_a_list() {
    let mut list: Vec<Version> =
        ["1.0.0", "1.0.0-alpha", "0.9.12", "1.0.0-alpha.1", "0.10.0", "0.9.2"]
            .iter()
            .map(|s| v(s))
            .collect();
    list.sort();
    let got: Vec<String> = list
        .iter()
        .map(|x| match &x.pre {
            Some(p) => format!("{}.{}.{}-{}", x.major, x.minor, x.patch, p),
            None => format!("{}.{}.{}", x.major, x.minor, x.patch),
        })
        .collect();
    assert_eq!(got, ["0.9.2", "0.9.12", "0.10.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0"]);
}
