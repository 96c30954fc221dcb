use solution::*;

#[test]
fn single_letters() {
    assert_eq!(transform(3), "C");
}

#[test]
fn two_letters() {
    assert_eq!(transform(51), "AY");
    assert_eq!(transform(676), "YZ");
    assert_eq!(transform(677), "ZA");
}

#[test]
fn length_boundaries() {
    assert_eq!(transform(18279), "AAAA");
    assert_eq!(transform(475254), "ZZZZ");
}

#[test]
fn known_column() {
    assert_eq!(transform(16384), "XFD");
}

#[test]
fn zero_and_max() {
    assert_eq!(transform(0), "");
    assert_eq!(transform(u64::MAX), "GKGWBYLWRXTLPO");
}
