/// Multiplies each sample by num/den (truncating), clamped to i16; None if den == 0.
pub fn apply_gain(samples: &[i16], num: i32, den: i32) -> Option<Vec<i16>> {
    todo!("gain {num}/{den} on {} samples", samples.len())
}

/// Element-wise clamped sum; the shorter input is padded with zeros.
pub fn mix_saturating(a: &[i16], b: &[i16]) -> Vec<i16> {
    todo!("mix {} and {} samples", a.len(), b.len())
}

/// Clamped negation of every sample.
pub fn invert(samples: &[i16]) -> Vec<i16> {
    todo!("invert {} samples", samples.len())
}
