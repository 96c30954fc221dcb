use solution::*;

fn neg_nan() -> f64 {
    f64::from_bits(f64::NAN.to_bits() | (1u64 << 63))
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn example_sort() {
    let mut v = [3.0, f64::NAN, -1.0, 0.0, -0.0];
    sort_floats(&mut v);
    assert_eq!(bits(&v[..4]), bits(&[-1.0, -0.0, 0.0, 3.0]));
    assert!(v[4].is_nan());
}

#[test]
fn signed_zeros_ordered() {
    let mut v = [0.0, -0.0, 0.0, -0.0];
    sort_floats(&mut v);
    assert_eq!(bits(&v), bits(&[-0.0, -0.0, 0.0, 0.0]));
}

#[test]
fn negative_nans_also_go_last() {
    let mut v = [neg_nan(), 1.0, f64::NEG_INFINITY, f64::NAN, neg_nan(), f64::INFINITY, -2.5];
    sort_floats(&mut v);
    assert_eq!(bits(&v[..4]), bits(&[f64::NEG_INFINITY, -2.5, 1.0, f64::INFINITY]));
    assert!(v[4..].iter().all(|x| x.is_nan()));
}

#[test]
fn sort_empty_and_all_nan() {
    let mut e: [f64; 0] = [];
    sort_floats(&mut e);
    let mut n = [f64::NAN, neg_nan()];
    sort_floats(&mut n);
    assert!(n.iter().all(|x| x.is_nan()));
}

#[test]
fn sort_larger_mix() {
    let mut v: Vec<f64> = (0..50)
        .map(|i| match i % 5 {
            0 => f64::NAN,
            1 => -0.0,
            2 => 0.0,
            3 => i as f64,
            _ => -(i as f64),
        })
        .collect();
    sort_floats(&mut v);
    let non_nan = v.iter().filter(|x| !x.is_nan()).count();
    assert_eq!(non_nan, 40);
    assert!(v[40..].iter().all(|x| x.is_nan()));
    for w in v[..40].windows(2) {
        assert!(w[0].total_cmp(&w[1]).is_le(), "{} before {}", w[0], w[1]);
    }
}

#[test]
fn max_and_min() {
    assert_eq!(max_ignoring_nan(&[f64::NAN, 2.0, -5.0]), Some(2.0));
    assert_eq!(min_ignoring_nan(&[f64::NAN, 2.0, -5.0]), Some(-5.0));
    assert_eq!(max_ignoring_nan(&[f64::NAN]), None);
    assert_eq!(min_ignoring_nan(&[neg_nan(), f64::NAN]), None);
    assert_eq!(max_ignoring_nan(&[]), None);
    assert_eq!(max_ignoring_nan(&[neg_nan(), -1.0]), Some(-1.0));
    assert_eq!(min_ignoring_nan(&[f64::INFINITY, neg_nan()]), Some(f64::INFINITY));
}

#[test]
fn max_min_signed_zero() {
    assert_eq!(max_ignoring_nan(&[-0.0, 0.0]).map(f64::to_bits), Some(0.0f64.to_bits()));
    assert_eq!(max_ignoring_nan(&[0.0, -0.0]).map(f64::to_bits), Some(0.0f64.to_bits()));
    assert_eq!(min_ignoring_nan(&[0.0, -0.0]).map(f64::to_bits), Some((-0.0f64).to_bits()));
    assert_eq!(min_ignoring_nan(&[-0.0, 0.0]).map(f64::to_bits), Some((-0.0f64).to_bits()));
}
