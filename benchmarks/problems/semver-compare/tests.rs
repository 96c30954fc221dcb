use solution::*;
use std::cmp::Ordering::*;

#[test]
fn validity() {
    assert!(is_valid_semver("0.0.0"));
    assert!(is_valid_semver("1.2.3-alpha.1+build.001"));
    assert!(is_valid_semver("1.0.0-x-y-z.--"));
    assert!(is_valid_semver("1.0.0+0017"));
    assert!(!is_valid_semver("1.2"));
    assert!(!is_valid_semver("1.2.3.4"));
    assert!(!is_valid_semver("v1.2.3"));
    assert!(!is_valid_semver("01.2.3"));
    assert!(!is_valid_semver("1.2.3-01"));
    assert!(!is_valid_semver("1.2.3-"));
    assert!(!is_valid_semver("1.2.3-a..b"));
    assert!(!is_valid_semver("1.2.3+"));
    assert!(!is_valid_semver("1.2.3-a_b"));
    assert!(!is_valid_semver("1.2.3 "));
    assert!(!is_valid_semver("18446744073709551616.0.0"));
    assert!(is_valid_semver("18446744073709551615.0.0"));
}

#[test]
fn core_numbers_numeric() {
    assert_eq!(compare_semver("1.2.3", "1.2.3"), Some(Equal));
    assert_eq!(compare_semver("1.10.0", "1.9.0"), Some(Greater));
    assert_eq!(compare_semver("2.0.0", "10.0.0"), Some(Less));
    assert_eq!(compare_semver("1.0.10", "1.0.9"), Some(Greater));
}

#[test]
fn prerelease_lower_than_release() {
    assert_eq!(compare_semver("1.0.0-alpha", "1.0.0"), Some(Less));
    assert_eq!(compare_semver("1.0.0", "1.0.0-rc.1"), Some(Greater));
    assert_eq!(compare_semver("1.0.1-alpha", "1.0.0"), Some(Greater));
}

#[test]
fn prerelease_chain() {
    let chain = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
    ];
    for w in chain.windows(2) {
        assert_eq!(compare_semver(w[0], w[1]), Some(Less), "{} < {}", w[0], w[1]);
        assert_eq!(compare_semver(w[1], w[0]), Some(Greater));
    }
}

#[test]
fn ascii_order_for_alphanumerics() {
    assert_eq!(compare_semver("1.0.0-Beta", "1.0.0-alpha"), Some(Less));
    assert_eq!(compare_semver("1.0.0-a-b", "1.0.0-a"), Some(Greater));
    assert_eq!(compare_semver("1.0.0-1a", "1.0.0-2"), Some(Greater));
}

#[test]
fn long_numeric_prerelease() {
    assert_eq!(
        compare_semver("1.0.0-99999999999999999999999", "1.0.0-100000000000000000000000"),
        Some(Less)
    );
    assert_eq!(compare_semver("1.0.0-123456789012345678901234", "1.0.0-alpha"), Some(Less));
}

#[test]
fn build_ignored_and_invalid_gives_none() {
    assert_eq!(compare_semver("1.0.0+a", "1.0.0+b"), Some(Equal));
    assert_eq!(compare_semver("1.0.0-rc.1+x", "1.0.0-rc.1"), Some(Equal));
    assert_eq!(compare_semver("1.0", "1.0.0"), None);
    assert_eq!(compare_semver("1.0.0", "1.0.0-"), None);
}
