fn clamp_i16(x: i64) -> i16 {
    x.clamp(i16::MIN as i64, i16::MAX as i64) as i16
}

/// Multiplies each sample by num/den (truncating), clamped to i16; None if den == 0.
pub fn apply_gain(samples: &[i16], num: i32, den: i32) -> Option<Vec<i16>> {
    if den == 0 {
        return None;
    }
    Some(
        samples
            .iter()
            .map(|&s| clamp_i16((s as i64 * num as i64) / den as i64))
            .collect(),
    )
}

/// Element-wise clamped sum; the shorter input is padded with zeros.
pub fn mix_saturating(a: &[i16], b: &[i16]) -> Vec<i16> {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            x.saturating_add(y)
        })
        .collect()
}

/// Clamped negation of every sample.
pub fn invert(samples: &[i16]) -> Vec<i16> {
    samples.iter().map(|s| s.saturating_neg()).collect()
}
