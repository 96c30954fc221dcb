use solution::*;
use std::cmp::Ordering::*;

#[test]
fn distance_without_wrap() {
    assert_eq!(seq_distance(10, 15), Some(5));
    assert_eq!(seq_distance(15, 10), Some(-5));
    assert_eq!(seq_distance(7, 7), Some(0));
    assert_eq!(seq_distance(0, 32767), Some(32767));
}

#[test]
fn distance_across_wrap() {
    assert_eq!(seq_distance(65535, 1), Some(2));
    assert_eq!(seq_distance(1, 65535), Some(-2));
    assert_eq!(seq_distance(65535, 0), Some(1));
    assert_eq!(seq_distance(0, 65535), Some(-1));
    assert_eq!(seq_distance(0, 32769), Some(-32767));
    assert_eq!(seq_distance(40000, 7231), Some(32767));
}

#[test]
fn distance_half_ring_is_undefined() {
    assert_eq!(seq_distance(0, 32768), None);
    assert_eq!(seq_distance(32768, 0), None);
    assert_eq!(seq_distance(65535, 32767), None);
    assert_eq!(seq_distance(100, 32868), None);
}

#[test]
fn ordering() {
    assert_eq!(seq_cmp(65000, 10), Some(Less));
    assert_eq!(seq_cmp(10, 65000), Some(Greater));
    assert_eq!(seq_cmp(65535, 0), Some(Less));
    assert_eq!(seq_cmp(0, 65535), Some(Greater));
    assert_eq!(seq_cmp(1, 2), Some(Less));
    assert_eq!(seq_cmp(100, 100), Some(Equal));
    assert_eq!(seq_cmp(0, 32767), Some(Less));
    assert_eq!(seq_cmp(0, 32768), None);
    assert_eq!(seq_cmp(0, 32769), Some(Greater));
}

#[test]
fn window_with_wrap() {
    assert!(in_window(2, 65534, 5));
    assert!(in_window(65534, 65534, 5));
    assert!(in_window(65535, 65534, 5));
    assert!(in_window(0, 65534, 5));
    assert!(!in_window(3, 65534, 5));
    assert!(!in_window(65533, 65534, 5));
}

#[test]
fn window_bounds() {
    assert!(in_window(10, 10, 1));
    assert!(!in_window(11, 10, 1));
    assert!(!in_window(10, 10, 0));
    assert!(!in_window(9, 10, 65535));
    assert!(in_window(8, 10, 65535));
    assert!(in_window(9, 10, 65536));
    assert!(in_window(12345, 0, u32::MAX));
    assert!(in_window(65535, 0, 65536));
    assert!(!in_window(65535, 0, 65535));
}
