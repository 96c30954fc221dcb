use solution::*;

#[test]
fn classic_example() {
    let v = Vigenere::new("LEMON").unwrap();
    assert_eq!(v.encrypt("ATTACK AT DAWN"), "LXFOPV EF RNHR");
    assert_eq!(v.decrypt("LXFOPV EF RNHR"), "ATTACK AT DAWN");
}

#[test]
fn key_is_case_insensitive_and_text_case_preserved() {
    let v = Vigenere::new("lEmOn").unwrap();
    assert_eq!(v.encrypt("Attack at Dawn"), "Lxfopv ef Rnhr");
}

#[test]
fn invalid_keys_rejected() {
    assert!(Vigenere::new("").is_none());
    assert!(Vigenere::new("ab c").is_none());
    assert!(Vigenere::new("key1").is_none());
    assert!(Vigenere::new("clé").is_none());
}

#[test]
fn non_letters_do_not_consume_key() {
    let v = Vigenere::new("bc").unwrap();
    // b=1, c=2: a->b, then '1','-',' ' skip, a->c, a->b
    assert_eq!(v.encrypt("a1- aa"), "b1- cb");
    assert_eq!(v.encrypt("é!z"), "é!a");
}

#[test]
fn key_of_a_is_identity() {
    let v = Vigenere::new("aaa").unwrap();
    assert_eq!(v.encrypt("Hello, World"), "Hello, World");
}

#[test]
fn wraps_and_round_trips() {
    let v = Vigenere::new("Zebra").unwrap();
    let plain = "The quick brown fox jumps over the lazy dog! 123";
    let enc = v.encrypt(plain);
    assert_eq!(&enc[..3], "Slf");
    assert_ne!(enc, plain);
    assert_eq!(v.decrypt(&enc), plain);
}

#[test]
fn empty_text() {
    let v = Vigenere::new("x").unwrap();
    assert_eq!(v.encrypt(""), "");
    assert_eq!(v.decrypt(""), "");
}
