use solution::*;

#[test]
fn zero() {
    assert_eq!(format_duration(0, 0), "0s");
    assert_eq!(format_duration(0, 1), "0s");
}

#[test]
fn full_breakdown() {
    assert_eq!(format_duration(3725, 0), "1h 2m 5s");
    assert_eq!(format_duration(59, 0), "59s");
    assert_eq!(format_duration(60, 0), "1m");
    assert_eq!(format_duration(90061, 0), "1d 1h 1m 1s");
}

#[test]
fn zero_components_omitted() {
    assert_eq!(format_duration(3601, 0), "1h 1s");
    assert_eq!(format_duration(86400 * 3 + 120, 0), "3d 2m");
}

#[test]
fn max_units_truncates() {
    assert_eq!(format_duration(90061, 2), "1d 1h");
    assert_eq!(format_duration(90061, 1), "1d");
    assert_eq!(format_duration(86401, 2), "1d 1s");
    assert_eq!(format_duration(7199, 1), "1h");
    assert_eq!(format_duration(3725, 10), "1h 2m 5s");
}

#[test]
fn large_values() {
    assert_eq!(format_duration(u64::MAX, 0), "213503982334601d 7h 15s");
    assert_eq!(format_duration(86400 * 1000, 3), "1000d");
}
