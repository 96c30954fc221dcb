use solution::*;

fn ok(v: &[&str]) -> Result<Vec<String>, CsvError> {
    Ok(v.iter().map(|s| s.to_string()).collect())
}

#[test]
fn plain_fields() {
    assert_eq!(split_csv_line("a,b,c"), ok(&["a", "b", "c"]));
    assert_eq!(split_csv_line(" a , b "), ok(&[" a ", " b "]));
}

#[test]
fn empty_fields() {
    assert_eq!(split_csv_line(""), ok(&[""]));
    assert_eq!(split_csv_line(","), ok(&["", ""]));
    assert_eq!(split_csv_line("a,"), ok(&["a", ""]));
    assert_eq!(split_csv_line(",,x"), ok(&["", "", "x"]));
}

#[test]
fn quoted_fields() {
    assert_eq!(split_csv_line(r#"a,"b,c",d"#), ok(&["a", "b,c", "d"]));
    assert_eq!(split_csv_line(r#""""#), ok(&[""]));
    assert_eq!(split_csv_line(r#""x","""#), ok(&["x", ""]));
}

#[test]
fn doubled_quotes() {
    assert_eq!(split_csv_line(r#""say ""hi""",x"#), ok(&[r#"say "hi""#, "x"]));
    assert_eq!(split_csv_line(r#""""""#), ok(&["\""]));
}

#[test]
fn quote_inside_unquoted_field_is_literal() {
    assert_eq!(split_csv_line(r#"ab"c,d"#), ok(&["ab\"c", "d"]));
    assert_eq!(split_csv_line(r#" "x",y"#), ok(&[" \"x\"", "y"]));
}

#[test]
fn unterminated_quote() {
    assert_eq!(split_csv_line(r#""abc"#), Err(CsvError::UnterminatedQuote));
    assert_eq!(split_csv_line(r#"a,"b"",c"#), Err(CsvError::UnterminatedQuote));
    assert_eq!(split_csv_line("\""), Err(CsvError::UnterminatedQuote));
}

#[test]
fn garbage_after_closing_quote_reports_char_index() {
    assert_eq!(split_csv_line(r#""ab"c,d"#), Err(CsvError::UnexpectedChar { pos: 4 }));
    assert_eq!(split_csv_line(r#"é,"ü" ,z"#), Err(CsvError::UnexpectedChar { pos: 5 }));
}

#[test]
fn unicode_content() {
    assert_eq!(split_csv_line(r#"日本,"a,ß",€"#), ok(&["日本", "a,ß", "€"]));
}
