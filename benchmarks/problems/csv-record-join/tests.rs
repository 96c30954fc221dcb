use solution::*;

#[test]
fn plain_join() {
    assert_eq!(join_csv_record(&["a", "b", "c"], ','), "a,b,c");
    assert_eq!(join_csv_record(&["a", "b c", "d,e"], ','), "a,b c,\"d,e\"");
}

#[test]
fn empty_fields_and_records() {
    assert_eq!(join_csv_record(&[], ','), "");
    assert_eq!(join_csv_record(&[""], ','), "\"\"");
    assert_eq!(join_csv_record(&["", ""], ','), ",");
    assert_eq!(join_csv_record(&["x", "", "y"], ';'), "x;;y");
}

#[test]
fn quotes_are_doubled() {
    assert_eq!(join_csv_record(&["a\"b"], ','), "\"a\"\"b\"");
    assert_eq!(join_csv_record(&["\"", "q"], ','), "\"\"\"\",q");
}

#[test]
fn newlines_and_edge_spaces_force_quoting() {
    assert_eq!(join_csv_record(&["line1\nline2", "x"], ','), "\"line1\nline2\",x");
    assert_eq!(join_csv_record(&["cr\r"], ','), "\"cr\r\"");
    assert_eq!(join_csv_record(&[" lead", "trail ", "in side"], ','), "\" lead\",\"trail \",in side");
    assert_eq!(join_csv_record(&["\ttab"], ','), "\ttab");
}

#[test]
fn delimiter_depends_on_argument() {
    assert_eq!(join_csv_record(&["a,b", "c;d"], ';'), "a,b;\"c;d\"");
    assert_eq!(join_csv_record(&["a|b", "c"], '|'), "\"a|b\"|c");
    assert_eq!(join_csv_record(&["x", "y→z"], '→'), "x→\"y→z\"");
}

#[test]
#[should_panic]
fn quote_delimiter_panics() {
    join_csv_record(&["a"], '"');
}

#[test]
#[should_panic]
fn newline_delimiter_panics() {
    join_csv_record(&["a", "b"], '\n');
}
