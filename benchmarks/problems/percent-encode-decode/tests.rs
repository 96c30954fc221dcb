use solution::*;

#[test]
fn encode_unreserved_untouched() {
    assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(percent_encode(""), "");
}

#[test]
fn encode_reserved_and_utf8() {
    assert_eq!(percent_encode("a b/é"), "a%20b%2F%C3%A9");
    assert_eq!(percent_encode("100%+?&="), "100%25%2B%3F%26%3D");
    assert_eq!(percent_encode("😀"), "%F0%9F%98%80");
    assert_eq!(percent_encode("\n"), "%0A");
}

#[test]
fn decode_basic() {
    assert_eq!(percent_decode("a%20b%2F%C3%A9"), Ok("a b/é".to_string()));
    assert_eq!(percent_decode("100%25+ok"), Ok("100%+ok".to_string()));
    assert_eq!(percent_decode("%c3%a9%C3%A9"), Ok("éé".to_string()));
    assert_eq!(percent_decode("plain é"), Ok("plain é".to_string()));
}

#[test]
fn decode_bad_escape_positions() {
    assert_eq!(percent_decode("50%"), Err(DecodeError::BadEscape(2)));
    assert_eq!(percent_decode("%4"), Err(DecodeError::BadEscape(0)));
    assert_eq!(percent_decode("é%zz"), Err(DecodeError::BadEscape(2)));
    assert_eq!(percent_decode("ok%20%2G%"), Err(DecodeError::BadEscape(5)));
}

#[test]
fn decode_invalid_utf8() {
    assert_eq!(percent_decode("%C3"), Err(DecodeError::InvalidUtf8));
    assert_eq!(percent_decode("%FF%FE"), Err(DecodeError::InvalidUtf8));
    assert_eq!(percent_decode("%C3%28"), Err(DecodeError::InvalidUtf8));
}

#[test]
fn bad_escape_takes_precedence() {
    assert_eq!(percent_decode("%FF%"), Err(DecodeError::BadEscape(3)));
}

#[test]
fn round_trip() {
    let s = "Grüße, 世界! 50% off & more ~/path?x=1";
    assert_eq!(percent_decode(&percent_encode(s)), Ok(s.to_string()));
}
