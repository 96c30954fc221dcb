use solution::*;

fn s(v: &str) -> Json {
    Json::Str(v.to_string())
}

fn obj(members: Vec<(&str, Json)>) -> Json {
    Json::Object(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn uc(pos: usize, ch: char) -> Result<Json, JsonError> {
    Err(JsonError::UnexpectedChar { pos, ch })
}

#[test]
fn scalars() {
    assert_eq!(parse("null"), Ok(Json::Null));
    assert_eq!(parse(" true "), Ok(Json::Bool(true)));
    assert_eq!(parse("\t\r\nfalse\n"), Ok(Json::Bool(false)));
    assert_eq!(parse("0"), Ok(Json::Int(0)));
    assert_eq!(parse("-0"), Ok(Json::Int(0)));
    assert_eq!(parse("9223372036854775807"), Ok(Json::Int(i64::MAX)));
    assert_eq!(parse("-9223372036854775808"), Ok(Json::Int(i64::MIN)));
    assert_eq!(parse("\"hi\""), Ok(s("hi")));
    assert_eq!(parse("\"\""), Ok(s("")));
}

#[test]
fn nested_structures_and_accessors() {
    let v = parse(r#" {"a": [1, -2, true], "b\u00e9": null, "c": {"d": [[], {}]}} "#).unwrap();
    assert_eq!(
        v,
        obj(vec![
            ("a", Json::Array(vec![Json::Int(1), Json::Int(-2), Json::Bool(true)])),
            ("bé", Json::Null),
            ("c", obj(vec![("d", Json::Array(vec![Json::Array(vec![]), obj(vec![])]))])),
        ])
    );
    assert_eq!(v.get("a").and_then(|a| a.at(1)), Some(&Json::Int(-2)));
    assert_eq!(v.get("bé"), Some(&Json::Null));
    assert_eq!(v.get("zz"), None);
    assert_eq!(v.at(0), None);
    assert_eq!(v.get("a").unwrap().at(3), None);
    assert_eq!(v.get("a").unwrap().get("a"), None);
    assert_eq!(v.get("c").and_then(|c| c.get("d")).and_then(|d| d.at(1)), Some(&obj(vec![])));
}

#[test]
fn string_escapes() {
    assert_eq!(parse(r#""a\"b\\c\/d\be\ff\ng\rh\ti""#), Ok(s("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti")));
    assert_eq!(parse(r#""\u0041\u00e9\u00E9\u20AC""#), Ok(s("Aéé€")));
    assert_eq!(parse(r#""\ud83d\ude00!""#), Ok(s("😀!")));
    assert_eq!(parse(r#""\u0000""#), Ok(s("\0")));
    assert_eq!(parse("\"raw é 😀 ok\""), Ok(s("raw é 😀 ok")));
}

#[test]
fn value_and_literal_errors() {
    assert_eq!(parse(""), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("   "), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("x"), uc(0, 'x'));
    assert_eq!(parse("  +1"), uc(2, '+'));
    assert_eq!(parse("nul"), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("nulx"), uc(3, 'x'));
    assert_eq!(parse("trUe"), uc(2, 'U'));
    assert_eq!(parse("[fals"), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("nullx"), Err(JsonError::TrailingCharacters { pos: 4 }));
    assert_eq!(parse("1 2"), Err(JsonError::TrailingCharacters { pos: 2 }));
    assert_eq!(parse("{} ]"), Err(JsonError::TrailingCharacters { pos: 3 }));
    assert_eq!(parse("'a'"), uc(0, '\''));
    assert_eq!(parse("é"), uc(0, 'é'));
}

#[test]
fn number_errors() {
    assert_eq!(parse("-"), Err(JsonError::InvalidNumber { pos: 0 }));
    assert_eq!(parse("[1, -x]"), Err(JsonError::InvalidNumber { pos: 4 }));
    assert_eq!(parse("01"), Err(JsonError::InvalidNumber { pos: 0 }));
    assert_eq!(parse("[-012]"), Err(JsonError::InvalidNumber { pos: 1 }));
    assert_eq!(parse(" 1.5"), Err(JsonError::InvalidNumber { pos: 1 }));
    assert_eq!(parse("1e3"), Err(JsonError::InvalidNumber { pos: 0 }));
    assert_eq!(parse("[7E1]"), Err(JsonError::InvalidNumber { pos: 1 }));
    assert_eq!(parse("9223372036854775808"), Err(JsonError::InvalidNumber { pos: 0 }));
    assert_eq!(parse("{\"k\": -9223372036854775809}"), Err(JsonError::InvalidNumber { pos: 6 }));
    assert_eq!(parse("0x"), Err(JsonError::TrailingCharacters { pos: 1 }));
    assert_eq!(parse("00"), Err(JsonError::InvalidNumber { pos: 0 }));
}

#[test]
fn string_errors() {
    assert_eq!(parse("\"abc"), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("\"a\nb\""), uc(2, '\n'));
    assert_eq!(parse("\"a\tb\""), uc(2, '\t'));
    assert_eq!(parse(r#""ab\x""#), Err(JsonError::InvalidEscape { pos: 3 }));
    assert_eq!(parse(r#""\é""#), Err(JsonError::InvalidEscape { pos: 1 }));
    assert_eq!(parse(r#"["\u12G4"]"#), Err(JsonError::InvalidEscape { pos: 2 }));
    assert_eq!(parse(r#""\u12"#), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("\"\\"), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse(r#""x\ude00""#), Err(JsonError::InvalidEscape { pos: 2 }));
    assert_eq!(parse(r#""x\ud83d""#), Err(JsonError::InvalidEscape { pos: 2 }));
    assert_eq!(parse(r#""x\ud83dA""#), Err(JsonError::InvalidEscape { pos: 2 }));
    assert_eq!(parse(r#""x\ud83d\n""#), Err(JsonError::InvalidEscape { pos: 2 }));
    assert_eq!(parse(r#""x\ud83d\u0041""#), Err(JsonError::InvalidEscape { pos: 2 }));
    assert_eq!(parse(r#""x\ud83d\ud83d""#), Err(JsonError::InvalidEscape { pos: 2 }));
    assert_eq!(parse(r#""x\ud83d\uDE0Z""#), Err(JsonError::InvalidEscape { pos: 2 }));
    assert_eq!(parse(r#""x\ud83d"#), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse(r#""x\ud83d\"#), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse(r#""x\ud83d\ude0"#), Err(JsonError::UnexpectedEnd));
}

#[test]
fn array_and_object_errors() {
    assert_eq!(parse("[1,]"), uc(3, ']'));
    assert_eq!(parse("[1 2]"), uc(3, '2'));
    assert_eq!(parse("[1,2"), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("[,1]"), uc(1, ','));
    assert_eq!(parse("{\"a\":1,}"), uc(7, '}'));
    assert_eq!(parse("{a:1}"), uc(1, 'a'));
    assert_eq!(parse("{\"a\" 1}"), uc(5, '1'));
    assert_eq!(parse("{\"a\":}"), uc(5, '}'));
    assert_eq!(parse("{\"a\":1 \"b\":2}"), uc(7, '"'));
    assert_eq!(parse("{\"a\":1"), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("{\"a\""), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("{"), Err(JsonError::UnexpectedEnd));
    assert_eq!(parse("[}"), uc(1, '}'));
}

#[test]
fn duplicate_keys() {
    assert_eq!(
        parse(r#"{"a": 1, "b": 2, "a": 3}"#),
        Err(JsonError::DuplicateKey { pos: 17, key: "a".into() })
    );
    // detected before the (broken) value
    assert_eq!(parse(r#"{"k":1,"k":[}"#), Err(JsonError::DuplicateKey { pos: 7, key: "k".into() }));
    // keys compare after unescaping
    assert_eq!(parse(r#"{"é":1,"\u00e9":2}"#), Err(JsonError::DuplicateKey { pos: 8, key: "é".into() }));
    // same key in different objects is fine
    assert!(parse(r#"{"a":{"a":1},"b":{"a":2}}"#).is_ok());
}

#[test]
fn depth_limit() {
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(parse(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert_eq!(parse(&deep), Err(JsonError::TooDeep { pos: 128 }));
    let mixed = format!("{}{}", "{\"k\":[".repeat(65), "1");
    assert_eq!(parse(&mixed), Err(JsonError::TooDeep { pos: 64 * 6 }));
}

#[test]
fn display_compact() {
    let v = parse(r#" {"a": [1, -2, true], "b\u00e9": null, "e": {}, "f": []} "#).unwrap();
    assert_eq!(v.to_string(), r#"{"a":[1,-2,true],"bé":null,"e":{},"f":[]}"#);
    let v = Json::Str("q\"b\\s/\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}é😀".to_string());
    assert_eq!(v.to_string(), "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\u{7f}é😀\"");
    assert_eq!(Json::Int(i64::MIN).to_string(), "-9223372036854775808");
    let v = obj(vec![("x\"y", Json::Array(vec![Json::Null, Json::Bool(false)]))]);
    assert_eq!(v.to_string(), r#"{"x\"y":[null,false]}"#);
}

#[test]
fn display_roundtrip() {
    let texts = [
        r#"{"name":"Zoë","tags":["a","b\nc"],"n":-17,"nested":{"deep":[[[0]]]},"ok":true}"#,
        r#"[null,"\u0000\u001b",{"":""}]"#,
    ];
    for t in texts {
        let v = parse(t).unwrap();
        assert_eq!(parse(&v.to_string()), Ok(v.clone()));
    }
    assert_eq!(parse(texts[0]).unwrap().to_string(), texts[0]);
    assert_eq!(parse(texts[1]).unwrap().to_string(), r#"[null,"\u0000\u001b",{"":""}]"#);
}
