use solution::*;

#[test]
fn empty() {
    assert_eq!(hex_dump(b""), "");
}

#[test]
fn example_two_lines() {
    let expected = concat!(
        "00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 ff  |Hello, world!...|\n",
        "00000010  41 42 43                                          |ABC|\n",
    );
    assert_eq!(hex_dump(b"Hello, world!\n\x00\xffABC"), expected);
}

#[test]
fn exactly_sixteen_bytes() {
    let data: Vec<u8> = (0x30..0x40).collect();
    assert_eq!(
        hex_dump(&data),
        "00000000  30 31 32 33 34 35 36 37  38 39 3a 3b 3c 3d 3e 3f  |0123456789:;<=>?|\n"
    );
}

#[test]
fn nine_bytes_shows_gap() {
    let data = b"ABCDEFGHI";
    assert_eq!(
        hex_dump(data),
        "00000000  41 42 43 44 45 46 47 48  49                       |ABCDEFGHI|\n"
    );
}

#[test]
fn eight_bytes_has_no_gap() {
    assert_eq!(
        hex_dump(b"~\x7f \x1f\x80abc"),
        "00000000  7e 7f 20 1f 80 61 62 63                           |~. ..abc|\n"
    );
}

#[test]
fn offsets_grow_in_hex() {
    let data = vec![0u8; 16 * 17 + 1];
    let out = hex_dump(&data);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 18);
    assert!(lines[16].starts_with("00000100  00 00"));
    assert_eq!(lines[17], "00000110  00                                                |.|");
    assert!(lines.iter().all(|l| &l[60..61] == "|"));
}
