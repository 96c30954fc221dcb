use solution::*;

#[test]
fn empty() {
    assert_eq!(encode(""), "");
}

#[test]
fn runs_and_singles() {
    assert_eq!(encode("aaabcc"), "3ab2c");
}

#[test]
fn no_runs() {
    assert_eq!(encode("abc"), "abc");
}

#[test]
fn long_run_and_unicode() {
    assert_eq!(encode(&"é".repeat(12)), "12é");
    assert_eq!(encode("  x"), "2 x");
}
