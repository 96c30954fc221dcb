use solution::*;
use MarkupError::*;

fn ok(elements: usize, max_depth: usize) -> Result<Summary, MarkupError> {
    Ok(Summary { elements, max_depth })
}

#[test]
fn examples_from_statement() {
    assert_eq!(validate("<p>Hi <b>there</b><br/></p>"), ok(3, 2));
    assert_eq!(validate("a > b"), ok(0, 0));
    assert_eq!(
        validate("<p><b></p>"),
        Err(MismatchedClose { pos: 6, expected: "b".into(), found: "p".into() })
    );
    assert_eq!(validate("x < y"), Err(MalformedTag { pos: 2 }));
}

#[test]
fn empty_and_plain_text() {
    assert_eq!(validate(""), ok(0, 0));
    assert_eq!(validate("just text >>> here"), ok(0, 0));
}

#[test]
fn nesting_depth_and_counts() {
    assert_eq!(validate("<a><b><c></c></b><d><e/></d></a>"), ok(5, 3));
    assert_eq!(validate("<x/><y/><z/>"), ok(3, 1));
    assert_eq!(validate("<h1>t</h1><h2>u</h2>"), ok(2, 1));
    assert_eq!(validate("<a><a><a></a></a></a>"), ok(3, 3));
}

#[test]
fn malformed_tags() {
    assert_eq!(validate("<>"), Err(MalformedTag { pos: 0 }));
    assert_eq!(validate("ok <B>x</B>"), Err(MalformedTag { pos: 3 }));
    assert_eq!(validate("<p >x</p>"), Err(MalformedTag { pos: 0 }));
    assert_eq!(validate("<1a>"), Err(MalformedTag { pos: 0 }));
    assert_eq!(validate("<a></a/>"), Err(MalformedTag { pos: 3 }));
    assert_eq!(validate("<a"), Err(MalformedTag { pos: 0 }));
    assert_eq!(validate("<a/"), Err(MalformedTag { pos: 0 }));
    assert_eq!(validate("<a>text</"), Err(MalformedTag { pos: 7 }));
    assert_eq!(validate("<a-b>"), Err(MalformedTag { pos: 0 }));
    assert_eq!(validate("<a><<b>"), Err(MalformedTag { pos: 3 }));
    // the malformed tag comes before the mismatch
    assert_eq!(validate("<a>< </b>"), Err(MalformedTag { pos: 3 }));
}

#[test]
fn close_errors() {
    assert_eq!(validate("</a>"), Err(UnexpectedClose { pos: 0, name: "a".into() }));
    assert_eq!(
        validate("<a></a></a>"),
        Err(UnexpectedClose { pos: 7, name: "a".into() })
    );
    assert_eq!(
        validate("<div><span></div></span>"),
        Err(MismatchedClose { pos: 11, expected: "span".into(), found: "div".into() })
    );
}

#[test]
fn unclosed_reports_innermost() {
    assert_eq!(validate("<a><b></b><c>"), Err(Unclosed { pos: 10, name: "c".into() }));
    assert_eq!(validate("<a>text"), Err(Unclosed { pos: 0, name: "a".into() }));
    assert_eq!(validate("<a><b2>"), Err(Unclosed { pos: 3, name: "b2".into() }));
}

#[test]
fn positions_count_chars_not_bytes() {
    assert_eq!(validate("héllo wörld <x"), Err(MalformedTag { pos: 12 }));
    assert_eq!(
        validate("<p>日本語</q>"),
        Err(MismatchedClose { pos: 6, expected: "p".into(), found: "q".into() })
    );
    assert_eq!(validate("ü<a>é"), Err(Unclosed { pos: 1, name: "a".into() }));
    assert_eq!(validate("<em>ça > va</em>"), ok(1, 1));
}

#[test]
fn deep_nesting() {
    let mut doc = String::new();
    for i in 0..500 {
        doc.push_str(&format!("<t{i}>"));
    }
    for i in (0..500).rev() {
        doc.push_str(&format!("</t{i}>"));
    }
    assert_eq!(validate(&doc), ok(500, 500));
    let broken = doc.replacen("</t250>", "</t249>", 1);
    let pos = doc.find("</t250>").unwrap();
    assert_eq!(
        validate(&broken),
        Err(MismatchedClose { pos, expected: "t250".into(), found: "t249".into() })
    );
}
