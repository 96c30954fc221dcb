use solution::*;

#[test]
fn plain_bytes() {
    assert_eq!(human_size(0), "0 B");
    assert_eq!(human_size(1), "1 B");
    assert_eq!(human_size(1023), "1023 B");
}

#[test]
fn kibibytes() {
    assert_eq!(human_size(1024), "1.0 KiB");
    assert_eq!(human_size(1536), "1.5 KiB");
    assert_eq!(human_size(1587), "1.5 KiB");
    assert_eq!(human_size(1588), "1.6 KiB");
    assert_eq!(human_size(10 * 1024 + 1000), "11.0 KiB");
}

#[test]
fn halves_round_up() {
    assert_eq!(human_size(1280), "1.3 KiB");
    assert_eq!(human_size(1024 * 1024 * 5 / 4), "1.3 MiB");
    assert_eq!(human_size(3840), "3.8 KiB");
}

#[test]
fn promotion_when_rounding_reaches_1024() {
    assert_eq!(human_size(1048575), "1.0 MiB");
    assert_eq!(human_size(1048063), "1023.5 KiB");
    assert_eq!(human_size(1048012), "1023.4 KiB");
    assert_eq!(human_size((1u64 << 30) - 1), "1.0 GiB");
}

#[test]
fn larger_units() {
    assert_eq!(human_size(1u64 << 30), "1.0 GiB");
    assert_eq!(human_size(5u64 << 40), "5.0 TiB");
    assert_eq!(human_size(3u64 << 50), "3.0 PiB");
    assert_eq!(human_size(1u64 << 60), "1.0 EiB");
    assert_eq!(human_size(u64::MAX), "16.0 EiB");
}

#[test]
fn large_values_stay_exact() {
    // just below 1 EiB rounds to 1024.0 PiB and is promoted
    assert_eq!(human_size((1u64 << 60) - 1), "1.0 EiB");
    assert_eq!(human_size((1u64 << 60) - (1u64 << 50) / 10 * 2), "1023.8 PiB");
}
