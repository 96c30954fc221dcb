use solution::*;

fn m(req: &str, v: &str) -> bool {
    matches(req, v).unwrap()
}

#[test]
fn comparison_operators() {
    assert!(m("=1.2.3", "1.2.3"));
    assert!(!m("=1.2.3", "1.2.4"));
    assert!(m("=1", "1.0.0"));
    assert!(!m("=1", "1.0.1"));
    assert!(m(">1.2", "1.2.1"));
    assert!(!m(">1.2", "1.2.0"));
    assert!(m(">=1.2", "1.2.0"));
    assert!(m("<2", "1.99.99"));
    assert!(!m("<2", "2.0.0"));
    assert!(m("<=2.0.0", "2.0.0"));
}

#[test]
fn caret_rules() {
    assert!(m("^1.2", "1.9.3"));
    assert!(!m("^1.2", "2.0.0"));
    assert!(!m("^1.2", "1.1.9"));
    assert!(m("^0.3.1", "0.3.9"));
    assert!(!m("^0.3.1", "0.4.0"));
    assert!(m("^0.0.3", "0.0.3"));
    assert!(!m("^0.0.3", "0.0.4"));
    assert!(m("^0", "0.0.0"));
    assert!(!m("^0", "0.1.0"));
    assert!(m("1.2", "1.5.0"));
}

#[test]
fn tilde_rules() {
    assert!(m("~1.2.3", "1.2.9"));
    assert!(!m("~1.2.3", "1.3.0"));
    assert!(!m("~1.2.3", "1.2.2"));
    assert!(m("~1", "1.9.0"));
    assert!(!m("~1", "2.0.0"));
    assert!(m("~0.3", "0.3.5"));
    assert!(!m("~0.3.1", "0.4.0"));
}

#[test]
fn multiple_comparators_and_star() {
    assert!(m(">=1.0, <1.5", "1.4.9"));
    assert!(!m(">=1.0, <1.5", "1.5.0"));
    assert!(m("*", "0.0.0"));
    assert!(m(" * , >= 1.2 ", "3.0.0"));
    assert!(m(">= 1.2", "1.2.0"));
}

#[test]
fn no_overflow_at_u64_max() {
    let max = u64::MAX;
    assert!(m(&format!("^{max}"), &format!("{max}.7.0")));
    assert!(m(&format!("~{max}.{max}"), &format!("{max}.{max}.{max}")));
    assert!(m(&format!("^0.0.{max}"), &format!("0.0.{max}")));
    assert!(m("<=18446744073709551615", "18446744073709551615.0.0"));
}

#[test]
fn invalid_version() {
    assert_eq!(matches("*", "1.2"), Err(ReqError::InvalidVersion));
    assert_eq!(matches("*", "1.2.3-beta"), Err(ReqError::InvalidVersion));
    assert_eq!(matches("*", "1..3"), Err(ReqError::InvalidVersion));
    assert_eq!(matches("*", "18446744073709551616.0.0"), Err(ReqError::InvalidVersion));
    assert_eq!(matches("garbage", "x"), Err(ReqError::InvalidVersion));
}

#[test]
fn invalid_requirement() {
    for r in ["", ">=1.0,", "1.2.3.4", "^x", ">>1", "=>1", "1.", "~", ">=1.0 <2.0"] {
        assert_eq!(matches(r, "1.0.0"), Err(ReqError::InvalidRequirement), "{r:?}");
    }
}
