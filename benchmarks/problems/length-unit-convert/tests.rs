use solution::*;
use LengthUnit::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn factors_and_symbols() {
    assert_eq!(Mile.meters_per_unit(), 1609.344);
    assert_eq!(Inch.meters_per_unit(), 0.0254);
    let all = [Millimeter, Centimeter, Meter, Kilometer, Inch, Foot, Yard, Mile];
    let syms: Vec<&str> = all.iter().map(|u| u.symbol()).collect();
    assert_eq!(syms, vec!["mm", "cm", "m", "km", "in", "ft", "yd", "mi"]);
    for u in all {
        assert_eq!(LengthUnit::from_symbol(u.symbol()), Some(u));
    }
}

#[test]
fn bad_symbols() {
    assert_eq!(LengthUnit::from_symbol("M"), None);
    assert_eq!(LengthUnit::from_symbol("meter"), None);
    assert_eq!(LengthUnit::from_symbol(""), None);
    assert_eq!(LengthUnit::from_symbol(" km"), None);
}

#[test]
fn conversions() {
    assert!(close(convert(1.0, Mile, Foot), 5280.0));
    assert!(close(convert(1.0, Yard, Inch), 36.0));
    assert!(close(convert(1.0, Foot, Inch), 12.0));
    assert!(close(convert(2.54, Centimeter, Inch), 1.0));
    assert!(close(convert(42.195, Kilometer, Mile), 26.218757456454306));
    assert!(close(convert(-3.0, Meter, Millimeter), -3000.0));
    assert!(close(convert(7.0, Foot, Foot), 7.0));
}

#[test]
fn summing() {
    assert!(close(sum_lengths(&[(1.0, Foot), (6.0, Inch)], Inch), 18.0));
    assert!(close(sum_lengths(&[(1.0, Kilometer), (50.0, Meter), (500.0, Centimeter)], Meter), 1055.0));
    assert_eq!(sum_lengths(&[], Mile), 0.0);
    assert!(close(sum_lengths(&[(1.0, Mile), (-1760.0, Yard)], Meter), 0.0));
}

#[test]
fn best_metric_units() {
    assert_eq!(best_metric(1500.0), (1.5, Kilometer));
    assert_eq!(best_metric(1000.0), (1.0, Kilometer));
    let (v, u) = best_metric(999.0);
    assert_eq!(u, Meter);
    assert!(close(v, 999.0));
    let (v, u) = best_metric(0.25);
    assert_eq!(u, Centimeter);
    assert!(close(v, 25.0));
    let (v, u) = best_metric(0.005);
    assert_eq!(u, Millimeter);
    assert!(close(v, 5.0));
    assert_eq!(best_metric(1.0).1, Meter);
    assert_eq!(best_metric(0.01).1, Centimeter);
    assert_eq!(best_metric(0.0).1, Millimeter);
    let (v, u) = best_metric(-2500.0);
    assert_eq!(u, Kilometer);
    assert!(close(v, -2.5));
}
