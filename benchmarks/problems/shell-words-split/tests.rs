use solution::*;

fn ok(v: &[&str]) -> Result<Vec<String>, SplitError> {
    Ok(v.iter().map(|s| s.to_string()).collect())
}

#[test]
fn plain_words() {
    assert_eq!(split_words("ls -la /tmp"), ok(&["ls", "-la", "/tmp"]));
    assert_eq!(split_words("  a \t b\n c  "), ok(&["a", "b", "c"]));
    assert_eq!(split_words(""), ok(&[]));
    assert_eq!(split_words("   "), ok(&[]));
}

#[test]
fn quotes() {
    assert_eq!(split_words(r#"cp "my file.txt" 'dest dir'/"#), ok(&["cp", "my file.txt", "dest dir/"]));
    assert_eq!(split_words(r#"a"b c"'d'"#), ok(&["ab cd"]));
    assert_eq!(split_words(r#"'it"s' "it's""#), ok(&["it\"s", "it's"]));
}

#[test]
fn empty_quoted_words_are_kept() {
    assert_eq!(split_words(r#"a "" b ''"#), ok(&["a", "", "b", ""]));
    assert_eq!(split_words(r#"x""y"#), ok(&["xy"]));
}

#[test]
fn backslash_outside_quotes() {
    assert_eq!(split_words(r"a\ b c"), ok(&["a b", "c"]));
    assert_eq!(split_words(r#"\"q\" \\ \'"#), ok(&["\"q\"", "\\", "'"]));
    assert_eq!(split_words("a\\\nb"), ok(&["a\nb"]));
}

#[test]
fn backslash_inside_quotes() {
    assert_eq!(split_words(r#""say \"hi\" \\ \n""#), ok(&[r#"say "hi" \ \n"#]));
    assert_eq!(split_words(r"'no \escapes\'"), ok(&[r"no \escapes\"]));
}

#[test]
fn errors() {
    assert_eq!(split_words("echo 'oops"), Err(SplitError::UnclosedSingle));
    assert_eq!(split_words("echo \"oops"), Err(SplitError::UnclosedDouble));
    assert_eq!(split_words("echo \"oops\\\""), Err(SplitError::UnclosedDouble));
    assert_eq!(split_words("echo oops\\"), Err(SplitError::TrailingBackslash));
}

#[test]
fn unicode() {
    assert_eq!(split_words("héllo 'wörld ü' 日本"), ok(&["héllo", "wörld ü", "日本"]));
}
