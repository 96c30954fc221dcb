use solution::*;

fn close(a: Option<f64>, b: f64) -> bool {
    matches!(a, Some(x) if (x - b).abs() < 1e-9)
}

const DATA: [f64; 5] = [35.0, 50.0, 15.0, 40.0, 20.0];

#[test]
fn nearest_rank_examples() {
    assert_eq!(percentile_nearest_rank(&DATA, 0.0), Some(15.0));
    assert_eq!(percentile_nearest_rank(&DATA, 5.0), Some(15.0));
    assert_eq!(percentile_nearest_rank(&DATA, 30.0), Some(20.0));
    assert_eq!(percentile_nearest_rank(&DATA, 40.0), Some(20.0));
    assert_eq!(percentile_nearest_rank(&DATA, 50.0), Some(35.0));
    assert_eq!(percentile_nearest_rank(&DATA, 100.0), Some(50.0));
}

#[test]
fn nearest_rank_ten_values() {
    let v: Vec<f64> = (1..=10).rev().map(|x| x as f64 * 10.0).collect();
    assert_eq!(percentile_nearest_rank(&v, 25.0), Some(30.0));
    assert_eq!(percentile_nearest_rank(&v, 75.0), Some(80.0));
    assert_eq!(percentile_nearest_rank(&v, 90.0), Some(90.0));
    assert_eq!(percentile_nearest_rank(&v, 90.5), Some(100.0));
    assert_eq!(percentile_nearest_rank(&v, 0.1), Some(10.0));
}

#[test]
fn linear_examples() {
    assert!(close(percentile_linear(&DATA, 0.0), 15.0));
    assert!(close(percentile_linear(&DATA, 40.0), 29.0));
    assert!(close(percentile_linear(&DATA, 50.0), 35.0));
    assert!(close(percentile_linear(&DATA, 75.0), 40.0));
    assert!(close(percentile_linear(&DATA, 90.0), 46.0));
    assert!(close(percentile_linear(&DATA, 100.0), 50.0));
}

#[test]
fn single_value() {
    assert_eq!(percentile_nearest_rank(&[7.0], 0.0), Some(7.0));
    assert_eq!(percentile_nearest_rank(&[7.0], 63.0), Some(7.0));
    assert!(close(percentile_linear(&[7.0], 100.0), 7.0));
    assert!(close(percentile_linear(&[7.0], 50.0), 7.0));
}

#[test]
fn invalid_inputs() {
    assert_eq!(percentile_nearest_rank(&[], 50.0), None);
    assert_eq!(percentile_linear(&[], 50.0), None);
    assert_eq!(percentile_nearest_rank(&DATA, -0.5), None);
    assert_eq!(percentile_nearest_rank(&DATA, 100.5), None);
    assert_eq!(percentile_linear(&DATA, 101.0), None);
    assert_eq!(percentile_linear(&DATA, f64::NAN), None);
    assert_eq!(percentile_nearest_rank(&DATA, f64::NAN), None);
    assert_eq!(quartiles(&[]), None);
}

#[test]
fn quartiles_even_count() {
    let (q1, q2, q3) = quartiles(&[4.0, 1.0, 3.0, 2.0]).unwrap();
    assert!((q1 - 1.75).abs() < 1e-9);
    assert!((q2 - 2.5).abs() < 1e-9);
    assert!((q3 - 3.25).abs() < 1e-9);
}

#[test]
fn input_not_modified() {
    let v = DATA.to_vec();
    let _ = percentile_linear(&v, 50.0);
    let _ = percentile_nearest_rank(&v, 50.0);
    assert_eq!(v, DATA.to_vec());
}
