use solution::*;

#[test]
fn encode_basic() {
    assert_eq!(encode(b""), "");
    assert_eq!(encode(b"Man"), "TWFu");
    assert_eq!(encode(b"Ma"), "TWE=");
    assert_eq!(encode(b"M"), "TQ==");
    assert_eq!(encode(b"hello world"), "aGVsbG8gd29ybGQ=");
}

#[test]
fn encode_high_bytes_uses_plus_and_slash() {
    assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "+/+/");
    assert_eq!(encode(&[0, 0, 0]), "AAAA");
    assert_eq!(encode(&[0xff]), "/w==");
}

#[test]
fn decode_basic() {
    assert_eq!(decode(""), Ok(vec![]));
    assert_eq!(decode("TWFu"), Ok(b"Man".to_vec()));
    assert_eq!(decode("TWE="), Ok(b"Ma".to_vec()));
    assert_eq!(decode("TQ=="), Ok(b"M".to_vec()));
    assert_eq!(decode("aGVsbG8gd29ybGQ="), Ok(b"hello world".to_vec()));
    assert_eq!(decode("+/+/"), Ok(vec![0xfb, 0xff, 0xbf]));
}

#[test]
fn decode_length_errors() {
    assert_eq!(decode("TWF"), Err(Base64Error::InvalidLength));
    assert_eq!(decode("TWFuT"), Err(Base64Error::InvalidLength));
    assert_eq!(decode("TQ="), Err(Base64Error::InvalidLength));
    assert_eq!(decode("*"), Err(Base64Error::InvalidLength));
}

#[test]
fn decode_char_errors() {
    assert_eq!(decode("TW-u"), Err(Base64Error::InvalidChar(2)));
    assert_eq!(decode("TWFu TWE"), Err(Base64Error::InvalidChar(4)));
    assert_eq!(decode("TW=u"), Err(Base64Error::InvalidChar(2)));
    assert_eq!(decode("T==="), Err(Base64Error::InvalidChar(1)));
    assert_eq!(decode("TQ==TWFu"), Err(Base64Error::InvalidChar(2)));
    assert_eq!(decode("TWF=TQ=="), Err(Base64Error::InvalidChar(3)));
    assert_eq!(decode("éé"), Err(Base64Error::InvalidChar(0)));
}

#[test]
fn decode_padding_bits() {
    assert_eq!(decode("TWF="), Err(Base64Error::InvalidPadding));
    assert_eq!(decode("TR=="), Err(Base64Error::InvalidPadding));
    assert_eq!(decode("/x=="), Err(Base64Error::InvalidPadding));
    assert_eq!(decode("/w=="), Ok(vec![0xff]));
}

#[test]
fn round_trip_all_lengths() {
    let data: Vec<u8> = (0..=255u8).collect();
    for n in 0..40 {
        let slice = &data[200 - n..200];
        assert_eq!(decode(&encode(slice)), Ok(slice.to_vec()), "len {n}");
    }
    assert_eq!(decode(&encode(&data)), Ok(data.clone()));
}
