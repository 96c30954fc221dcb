use solution::*;

#[test]
fn digits() {
    assert_eq!(transform("0123456789"), "0246813579");
}

#[test]
fn spaces_are_characters() {
    assert_eq!(transform("x y"), "xy ");
}

#[test]
fn non_ascii() {
    assert_eq!(transform("ünïcödé"), "üïöéncd");
}

#[test]
fn short() {
    assert_eq!(transform("zz"), "zz");
    assert_eq!(transform(""), "");
}

#[test]
fn word() {
    assert_eq!(transform("Rustacean!"), "Rsaenutca!");
}
