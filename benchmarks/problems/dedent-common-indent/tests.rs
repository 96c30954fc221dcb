use solution::*;

#[test]
fn dedent_basic() {
    assert_eq!(dedent("    a\n      b\n\n    c\n"), "a\n  b\n\nc\n");
    assert_eq!(dedent("  x"), "x");
    assert_eq!(dedent("no indent\n  some"), "no indent\n  some");
}

#[test]
fn dedent_blank_lines_ignored_and_emptied() {
    assert_eq!(dedent("    a\n  \n\t\n    b"), "a\n\n\nb");
    assert_eq!(dedent("   \n \t \n"), "\n\n");
    assert_eq!(dedent(""), "");
}

#[test]
fn dedent_tabs_and_spaces_differ() {
    assert_eq!(dedent("\ta\n  b"), "\ta\n  b");
    assert_eq!(dedent("\t  a\n\t b"), " a\nb");
    assert_eq!(dedent(" \tx\n \ty\n  z"), "\tx\n\ty\n z");
}

#[test]
fn dedent_keeps_other_whitespace() {
    assert_eq!(dedent("  a  \n  b\r"), "a  \nb\r");
}

#[test]
fn indent_basic() {
    assert_eq!(indent("a\n\nb", "> "), "> a\n\n> b");
    assert_eq!(indent("a\nb\n", "    "), "    a\n    b\n");
    assert_eq!(indent("", "# "), "");
    assert_eq!(indent("  \nx", "-"), "  \n-x");
}

#[test]
fn round_trip() {
    let body = "fn main() {\n    println!(\"hi\");\n}\n";
    assert_eq!(dedent(&indent(body, "        ")), body);
}
