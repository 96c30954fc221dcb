use solution::*;

fn assert_close(a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < 1e-6, "{a:?} vs {b:?}");
    }
}

#[test]
fn simple_moving() {
    assert_close(&moving_average(&[1.0, 2.0, 3.0, 4.0, 5.0], 2), &[1.5, 2.5, 3.5, 4.5]);
    assert_close(&moving_average(&[1.0, 2.0, 3.0, 4.0, 5.0], 5), &[3.0]);
    assert_close(&moving_average(&[1.0, -1.0, 4.0], 1), &[1.0, -1.0, 4.0]);
    assert_close(&moving_average(&[3.0, 6.0, 0.0, 9.0], 3), &[3.0, 5.0]);
}

#[test]
fn moving_degenerate() {
    assert!(moving_average(&[1.0, 2.0], 0).is_empty());
    assert!(moving_average(&[1.0, 2.0], 3).is_empty());
    assert!(moving_average(&[], 1).is_empty());
}

#[test]
fn moving_large_window() {
    let v: Vec<f64> = (0..200_000).map(|i| (i % 100) as f64).collect();
    let m = moving_average(&v, 50_000);
    assert_eq!(m.len(), 150_001);
    for x in m.iter().step_by(10_000) {
        assert!((x - 49.5).abs() < 1e-6);
    }
}

#[test]
fn cumulative() {
    assert_close(&cumulative_average(&[2.0, 4.0, 9.0]), &[2.0, 3.0, 5.0]);
    assert_close(&cumulative_average(&[-1.0]), &[-1.0]);
    assert!(cumulative_average(&[]).is_empty());
    assert_close(&cumulative_average(&[1.0, 0.0, 0.0, 0.0]), &[1.0, 0.5, 1.0 / 3.0, 0.25]);
}

#[test]
fn exponential() {
    assert_close(&exponential_average(&[10.0, 20.0, 20.0], 0.5), &[10.0, 15.0, 17.5]);
    assert_close(&exponential_average(&[10.0, 20.0, 30.0], 1.0), &[10.0, 20.0, 30.0]);
    assert_close(&exponential_average(&[0.0, 100.0, 100.0], 0.1), &[0.0, 10.0, 19.0]);
    assert!(exponential_average(&[], 0.3).is_empty());
}

#[test]
#[should_panic]
fn alpha_zero_panics() {
    exponential_average(&[1.0], 0.0);
}

#[test]
#[should_panic]
fn alpha_too_big_panics() {
    exponential_average(&[], 1.5);
}

#[test]
#[should_panic]
fn alpha_nan_panics() {
    exponential_average(&[1.0, 2.0], f64::NAN);
}
