#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Celsius,
    Fahrenheit,
    Kelvin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TempError {
    NotFinite,
    BelowAbsoluteZero,
}

fn to_kelvin(value: f64, from: Scale) -> f64 {
    match from {
        Scale::Kelvin => value,
        Scale::Celsius => value + 273.15,
        Scale::Fahrenheit => (value - 32.0) * 5.0 / 9.0 + 273.15,
    }
}

fn from_kelvin(k: f64, to: Scale) -> f64 {
    match to {
        Scale::Kelvin => k,
        Scale::Celsius => k - 273.15,
        Scale::Fahrenheit => (k - 273.15) * 9.0 / 5.0 + 32.0,
    }
}

pub fn convert(value: f64, from: Scale, to: Scale) -> Result<f64, TempError> {
    if !value.is_finite() {
        return Err(TempError::NotFinite);
    }
    let k = to_kelvin(value, from);
    if k < -1e-9 {
        return Err(TempError::BelowAbsoluteZero);
    }
    if from == to {
        return Ok(value);
    }
    Ok(from_kelvin(k, to))
}

pub fn parse_scale(c: char) -> Option<Scale> {
    match c.to_ascii_uppercase() {
        'C' => Some(Scale::Celsius),
        'F' => Some(Scale::Fahrenheit),
        'K' => Some(Scale::Kelvin),
        _ => None,
    }
}

pub fn warmest(readings: &[(f64, Scale)]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, &(v, s)) in readings.iter().enumerate() {
        if let Ok(k) = convert(v, s, Scale::Kelvin) {
            if best.map_or(true, |(_, bk)| k > bk + 1e-9) {
                best = Some((i, k));
            }
        }
    }
    best.map(|(i, _)| i)
}

pub fn format_temp(value: f64, scale: Scale) -> String {
    let unit = match scale {
        Scale::Celsius => "°C",
        Scale::Fahrenheit => "°F",
        Scale::Kelvin => "K",
    };
    format!("{:.1}{}", value, unit)
}
