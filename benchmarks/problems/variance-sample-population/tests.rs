use solution::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

const DATA: [f64; 8] = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];

#[test]
fn population() {
    assert!(close(variance(&DATA, Kind::Population).unwrap(), 4.0));
    assert!(close(std_dev(&DATA, Kind::Population).unwrap(), 2.0));
    assert!(close(variance(&[5.0], Kind::Population).unwrap(), 0.0));
    assert!(close(variance(&[1.0, 3.0], Kind::Population).unwrap(), 1.0));
}

#[test]
fn sample() {
    assert!(close(variance(&DATA, Kind::Sample).unwrap(), 32.0 / 7.0));
    assert!(close(std_dev(&DATA, Kind::Sample).unwrap(), (32.0f64 / 7.0).sqrt()));
    assert!(close(variance(&[1.0, 3.0], Kind::Sample).unwrap(), 2.0));
}

#[test]
fn none_cases() {
    assert_eq!(variance(&[], Kind::Population), None);
    assert_eq!(variance(&[], Kind::Sample), None);
    assert_eq!(variance(&[3.0], Kind::Sample), None);
    assert_eq!(std_dev(&[3.0], Kind::Sample), None);
    assert_eq!(std_dev(&[], Kind::Population), None);
}

#[test]
fn shift_invariance() {
    let shifted: Vec<f64> = DATA.iter().map(|x| x + 1000.0).collect();
    assert!(close(variance(&shifted, Kind::Population).unwrap(), 4.0));
    let neg: Vec<f64> = DATA.iter().map(|x| -x).collect();
    assert!(close(variance(&neg, Kind::Sample).unwrap(), 32.0 / 7.0));
}

#[test]
fn z_scores_values() {
    let z = z_scores(&DATA).unwrap();
    let expected = [-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0];
    assert_eq!(z.len(), 8);
    for (a, b) in z.iter().zip(expected.iter()) {
        assert!(close(*a, *b), "{a} vs {b}");
    }
}

#[test]
fn z_scores_order_and_none() {
    let z = z_scores(&[10.0, 0.0]).unwrap();
    assert!(close(z[0], 1.0) && close(z[1], -1.0));
    assert_eq!(z_scores(&[]), None);
    assert_eq!(z_scores(&[4.0, 4.0, 4.0]), None);
    assert_eq!(z_scores(&[4.0]), None);
}
