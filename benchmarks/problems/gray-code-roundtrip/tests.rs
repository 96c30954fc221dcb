use solution::*;

#[test]
fn encode_values() {
    assert_eq!(to_gray(0), 0);
    assert_eq!(to_gray(1), 1);
    assert_eq!(to_gray(2), 3);
    assert_eq!(to_gray(3), 2);
    assert_eq!(to_gray(5), 7);
    assert_eq!(to_gray(u32::MAX), 1 << 31);
}

#[test]
fn decode_values() {
    assert_eq!(from_gray(0), 0);
    assert_eq!(from_gray(7), 5);
    assert_eq!(from_gray(1 << 31), u32::MAX);
    assert_eq!(from_gray(u32::MAX), 0xAAAA_AAAA);
}

#[test]
fn roundtrip() {
    for n in (0..100_000u32).chain([u32::MAX, u32::MAX - 1, 0x8000_0001, 0x7FFF_FFFF]) {
        assert_eq!(from_gray(to_gray(n)), n);
        assert_eq!(to_gray(from_gray(n)), n);
    }
}

#[test]
fn sequences() {
    assert_eq!(gray_sequence(0), vec![0]);
    assert_eq!(gray_sequence(1), vec![0, 1]);
    assert_eq!(gray_sequence(2), vec![0, 1, 3, 2]);
    assert_eq!(gray_sequence(3), vec![0, 1, 3, 2, 6, 7, 5, 4]);
}

#[test]
fn sequence_properties() {
    let s = gray_sequence(12);
    assert_eq!(s.len(), 4096);
    for i in 0..s.len() {
        let next = s[(i + 1) % s.len()];
        assert_eq!(hamming_distance(s[i], next), 1);
    }
    let mut sorted = s.clone();
    sorted.sort();
    assert_eq!(sorted, (0..4096).collect::<Vec<u32>>());
}

#[test]
#[should_panic]
fn too_many_bits() {
    gray_sequence(21);
}

#[test]
fn hamming() {
    assert_eq!(hamming_distance(0, 0), 0);
    assert_eq!(hamming_distance(0b1011, 0b0001), 2);
    assert_eq!(hamming_distance(0, u32::MAX), 32);
}
