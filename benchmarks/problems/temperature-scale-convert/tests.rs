use solution::*;
use Scale::*;

fn close(r: Result<f64, TempError>, expected: f64) -> bool {
    matches!(r, Ok(v) if (v - expected).abs() < 1e-9)
}

#[test]
fn celsius_fahrenheit() {
    assert!(close(convert(100.0, Celsius, Fahrenheit), 212.0));
    assert!(close(convert(0.0, Celsius, Fahrenheit), 32.0));
    assert!(close(convert(-40.0, Celsius, Fahrenheit), -40.0));
    assert!(close(convert(98.6, Fahrenheit, Celsius), 37.0));
    assert!(close(convert(32.0, Fahrenheit, Celsius), 0.0));
}

#[test]
fn kelvin_conversions() {
    assert!(close(convert(0.0, Celsius, Kelvin), 273.15));
    assert!(close(convert(0.0, Kelvin, Celsius), -273.15));
    assert!(close(convert(0.0, Kelvin, Fahrenheit), -459.67));
    assert!(close(convert(373.15, Kelvin, Fahrenheit), 212.0));
    assert!(close(convert(212.0, Fahrenheit, Kelvin), 373.15));
    assert!(close(convert(12.5, Kelvin, Kelvin), 12.5));
}

#[test]
fn absolute_zero_boundary() {
    assert!(close(convert(-273.15, Celsius, Kelvin), 0.0));
    assert!(close(convert(-459.67, Fahrenheit, Kelvin), 0.0));
    assert!(close(convert(-459.67, Fahrenheit, Celsius), -273.15));
    assert_eq!(convert(-273.16, Celsius, Fahrenheit), Err(TempError::BelowAbsoluteZero));
    assert_eq!(convert(-500.0, Fahrenheit, Celsius), Err(TempError::BelowAbsoluteZero));
    assert_eq!(convert(-0.001, Kelvin, Kelvin), Err(TempError::BelowAbsoluteZero));
    assert_eq!(convert(-1.0, Kelvin, Celsius), Err(TempError::BelowAbsoluteZero));
}

#[test]
fn non_finite() {
    assert_eq!(convert(f64::NAN, Celsius, Kelvin), Err(TempError::NotFinite));
    assert_eq!(convert(f64::INFINITY, Kelvin, Kelvin), Err(TempError::NotFinite));
    assert_eq!(convert(f64::NEG_INFINITY, Celsius, Celsius), Err(TempError::NotFinite));
}

#[test]
fn parsing() {
    assert_eq!(parse_scale('C'), Some(Celsius));
    assert_eq!(parse_scale('f'), Some(Fahrenheit));
    assert_eq!(parse_scale('k'), Some(Kelvin));
    assert_eq!(parse_scale('X'), None);
    assert_eq!(parse_scale('°'), None);
}

#[test]
fn warmest_reading() {
    assert_eq!(warmest(&[]), None);
    assert_eq!(warmest(&[(20.0, Celsius), (70.0, Fahrenheit), (290.0, Kelvin)]), Some(1));
    assert_eq!(warmest(&[(20.0, Celsius), (67.0, Fahrenheit), (290.0, Kelvin)]), Some(0));
    // 20 C = 68 F = 293.15 K: tie with index 0 winning
    assert_eq!(warmest(&[(68.0, Fahrenheit), (20.0, Celsius), (10.0, Celsius)]), Some(0));
    assert_eq!(warmest(&[(f64::NAN, Celsius), (-300.0, Celsius), (1.0, Kelvin)]), Some(2));
    assert_eq!(warmest(&[(f64::INFINITY, Celsius), (-1.0, Kelvin)]), None);
    assert_eq!(warmest(&[(-40.0, Fahrenheit), (-40.0, Celsius), (233.0, Kelvin)]), Some(0));
}

#[test]
fn formatting() {
    assert_eq!(format_temp(21.5, Celsius), "21.5°C");
    assert_eq!(format_temp(300.0, Kelvin), "300.0K");
    assert_eq!(format_temp(-40.0, Fahrenheit), "-40.0°F");
    assert_eq!(format_temp(98.64, Fahrenheit), "98.6°F");
}
