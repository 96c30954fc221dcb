//! Small numeric guards shared by the modules of this crate.

/// Clamps `x` into `[0, 1]`: NaN becomes 0, +inf becomes 1, -inf becomes 0.
pub(crate) fn clamp_unit(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// Returns `x` when it is finite, otherwise 0.
pub(crate) fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamp_unit_handles_nan_and_infinities() {
        assert_eq!(clamp_unit(f64::NAN), 0.0);
        assert_eq!(clamp_unit(f64::INFINITY), 1.0);
        assert_eq!(clamp_unit(f64::NEG_INFINITY), 0.0);
        assert_eq!(clamp_unit(0.25), 0.25);
    }

    #[test]
    fn finite_or_zero_rejects_non_finite() {
        assert_eq!(finite_or_zero(f64::NAN), 0.0);
        assert_eq!(finite_or_zero(f64::INFINITY), 0.0);
        assert_eq!(finite_or_zero(-2.5), -2.5);
    }
}
