use solution::*;

#[test]
fn valid_addresses() {
    assert!(is_valid_email("ada@example.com"));
    assert!(is_valid_email("ada.lovelace+news@example.co.uk"));
    assert!(is_valid_email("a_b%c-d@sub-domain.example.org"));
    assert!(is_valid_email("X@y.io"));
    assert!(is_valid_email("1@123.ab"));
}

#[test]
fn at_sign_count() {
    assert!(!is_valid_email("plainaddress"));
    assert!(!is_valid_email("a@b@example.com"));
    assert!(!is_valid_email("@example.com"));
    assert!(!is_valid_email("ada@"));
    assert!(!is_valid_email(""));
}

#[test]
fn local_part_rules() {
    assert!(!is_valid_email(".ada@example.com"));
    assert!(!is_valid_email("ada.@example.com"));
    assert!(!is_valid_email("a..b@example.com"));
    assert!(!is_valid_email("a b@example.com"));
    assert!(!is_valid_email("a!b@example.com"));
    assert!(!is_valid_email("josé@example.com"));
    assert!(is_valid_email(&format!("{}@example.com", "a".repeat(64))));
    assert!(!is_valid_email(&format!("{}@example.com", "a".repeat(65))));
}

#[test]
fn domain_labels() {
    assert!(!is_valid_email("user@localhost"));
    assert!(!is_valid_email("user@.example.com"));
    assert!(!is_valid_email("user@example..com"));
    assert!(!is_valid_email("user@example.com."));
    assert!(!is_valid_email("user@-example.com"));
    assert!(!is_valid_email("user@example-.com"));
    assert!(is_valid_email("user@ex-ample.com"));
    assert!(!is_valid_email("user@exa_mple.com"));
}

#[test]
fn top_level_domain() {
    assert!(!is_valid_email("user@example.c"));
    assert!(!is_valid_email("user@example.c0m"));
    assert!(!is_valid_email("user@example.123"));
    assert!(!is_valid_email("user@example.co-m"));
}

#[test]
fn length_limits() {
    let label63 = "a".repeat(63);
    let label64 = "a".repeat(64);
    assert!(is_valid_email(&format!("u@{label63}.com")));
    assert!(!is_valid_email(&format!("u@{label64}.com")));
    // domains of exactly 253 and 254 characters
    let base = format!("{0}.{0}.{0}.{0}", "b".repeat(61)); // 247 chars
    let ok = format!("u@{base}.abcde"); // domain 253
    let too_long = format!("u@{base}.abcdef"); // domain 254
    assert!(is_valid_email(&ok));
    assert!(!is_valid_email(&too_long));
}
