use solution::*;

#[test]
fn positions() {
    assert_eq!(set_bit_positions(0), Vec::<u32>::new());
    assert_eq!(set_bit_positions(0b1010_0001), vec![0, 5, 7]);
    assert_eq!(set_bit_positions(1 << 63), vec![63]);
    assert_eq!(set_bit_positions(u64::MAX), (0..64).collect::<Vec<u32>>());
}

#[test]
fn building_from_positions() {
    assert_eq!(from_positions(&[]), Some(0));
    assert_eq!(from_positions(&[7, 0, 5]), Some(0b1010_0001));
    assert_eq!(from_positions(&[3, 3, 3]), Some(8));
    assert_eq!(from_positions(&[63]), Some(1 << 63));
    assert_eq!(from_positions(&[1, 64]), None);
    assert_eq!(from_positions(&[u32::MAX]), None);
    for n in [0u64, 1, 0xDEAD_BEEF, u64::MAX, 1 << 40] {
        assert_eq!(from_positions(&set_bit_positions(n)), Some(n));
    }
}

#[test]
fn toggling() {
    assert_eq!(toggle_range(0b1111, 1, 2), 0b1001);
    assert_eq!(toggle_range(0, 3, 3), 8);
    assert_eq!(toggle_range(0, 0, 63), u64::MAX);
    assert_eq!(toggle_range(u64::MAX, 0, 63), 0);
    assert_eq!(toggle_range(0, 60, 63), 0xF000_0000_0000_0000);
    assert_eq!(toggle_range(0, 1, 63), u64::MAX - 1);
}

#[test]
#[should_panic]
fn toggle_bad_range_panics() {
    toggle_range(0, 5, 64);
}

#[test]
#[should_panic]
fn toggle_reversed_range_panics() {
    toggle_range(0, 5, 4);
}

#[test]
fn extracting() {
    assert_eq!(extract_bits(0xABCD, 4, 8), 0xBC);
    assert_eq!(extract_bits(0xABCD, 0, 4), 0xD);
    assert_eq!(extract_bits(0xABCD, 12, 0), 0);
    assert_eq!(extract_bits(0xABCD, 64, 0), 0);
    assert_eq!(extract_bits(0x1234_5678_9ABC_DEF0, 0, 64), 0x1234_5678_9ABC_DEF0);
    assert_eq!(extract_bits(u64::MAX, 60, 4), 0xF);
    assert_eq!(extract_bits(1 << 63, 1, 63), 1 << 62);
}

#[test]
#[should_panic]
fn extract_out_of_range_panics() {
    extract_bits(1, 60, 5);
}

#[test]
fn lowest_and_highest() {
    assert_eq!(lowest_set_bit(0), None);
    assert_eq!(highest_set_bit(0), None);
    assert_eq!(lowest_set_bit(0b1010_0000), Some(5));
    assert_eq!(highest_set_bit(0b1010_0000), Some(7));
    assert_eq!(lowest_set_bit(u64::MAX), Some(0));
    assert_eq!(highest_set_bit(u64::MAX), Some(63));
    assert_eq!(highest_set_bit(1), Some(0));
}
