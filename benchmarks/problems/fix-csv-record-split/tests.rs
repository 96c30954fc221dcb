use solution::*;

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn plain_fields() {
    assert_eq!(split_record("a,b,c"), v(&["a", "b", "c"]));
    assert_eq!(split_record("héllo,wörld"), v(&["héllo", "wörld"]));
}

#[test]
fn empty_fields_are_kept() {
    assert_eq!(split_record(""), v(&[""]));
    assert_eq!(split_record("a,"), v(&["a", ""]));
    assert_eq!(split_record(",,"), v(&["", "", ""]));
    assert_eq!(split_record(",x"), v(&["", "x"]));
}

#[test]
fn quoted_commas() {
    assert_eq!(split_record("\"x,y\",z"), v(&["x,y", "z"]));
    assert_eq!(split_record("1,\"a, b, c\""), v(&["1", "a, b, c"]));
}

#[test]
fn doubled_quotes_are_literal_quotes() {
    assert_eq!(split_record("\"say \"\"hi\"\"\",2"), v(&["say \"hi\"", "2"]));
    assert_eq!(split_record("\"\"\"\""), v(&["\""]));
}

#[test]
fn empty_quoted_field() {
    assert_eq!(split_record("\"\",x"), v(&["", "x"]));
    assert_eq!(split_record("x,\"\""), v(&["x", ""]));
}

#[test]
fn quote_inside_unquoted_field_is_literal() {
    assert_eq!(split_record("ab\"c,d"), v(&["ab\"c", "d"]));
    assert_eq!(split_record("5\" pipe,ok"), v(&["5\" pipe", "ok"]));
}

#[test]
fn text_after_closing_quote_and_unterminated() {
    assert_eq!(split_record("\"ab\"cd,e"), v(&["abcd", "e"]));
    assert_eq!(split_record("a,\"open, still"), v(&["a", "open, still"]));
}
