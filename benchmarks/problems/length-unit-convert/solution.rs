#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    Millimeter,
    Centimeter,
    Meter,
    Kilometer,
    Inch,
    Foot,
    Yard,
    Mile,
}

const ALL: [LengthUnit; 8] = [
    LengthUnit::Millimeter,
    LengthUnit::Centimeter,
    LengthUnit::Meter,
    LengthUnit::Kilometer,
    LengthUnit::Inch,
    LengthUnit::Foot,
    LengthUnit::Yard,
    LengthUnit::Mile,
];

impl LengthUnit {
    pub fn meters_per_unit(self) -> f64 {
        match self {
            LengthUnit::Millimeter => 0.001,
            LengthUnit::Centimeter => 0.01,
            LengthUnit::Meter => 1.0,
            LengthUnit::Kilometer => 1000.0,
            LengthUnit::Inch => 0.0254,
            LengthUnit::Foot => 0.3048,
            LengthUnit::Yard => 0.9144,
            LengthUnit::Mile => 1609.344,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            LengthUnit::Millimeter => "mm",
            LengthUnit::Centimeter => "cm",
            LengthUnit::Meter => "m",
            LengthUnit::Kilometer => "km",
            LengthUnit::Inch => "in",
            LengthUnit::Foot => "ft",
            LengthUnit::Yard => "yd",
            LengthUnit::Mile => "mi",
        }
    }

    pub fn from_symbol(s: &str) -> Option<LengthUnit> {
        ALL.iter().copied().find(|u| u.symbol() == s)
    }
}

pub fn convert(value: f64, from: LengthUnit, to: LengthUnit) -> f64 {
    value * from.meters_per_unit() / to.meters_per_unit()
}

pub fn sum_lengths(parts: &[(f64, LengthUnit)], to: LengthUnit) -> f64 {
    let meters: f64 = parts.iter().map(|&(v, u)| v * u.meters_per_unit()).sum();
    meters / to.meters_per_unit()
}

pub fn best_metric(meters: f64) -> (f64, LengthUnit) {
    let a = meters.abs();
    let unit = if a >= 1000.0 {
        LengthUnit::Kilometer
    } else if a >= 1.0 {
        LengthUnit::Meter
    } else if a >= 0.01 {
        LengthUnit::Centimeter
    } else {
        LengthUnit::Millimeter
    };
    (convert(meters, LengthUnit::Meter, unit), unit)
}
