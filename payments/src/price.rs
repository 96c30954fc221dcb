//! Prices in dollars (`"$0.001"`) to TIP-20 atomic units (6 decimals), exactly.

use std::fmt;
use std::str::FromStr;

/// Decimals of every TIP-20 token.
pub const DECIMALS: u32 = 6;

/// Why a price string is not accepted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PriceError {
    /// Empty or only `$`.
    #[error("empty price")]
    Empty,
    /// Not a plain non-negative decimal number.
    #[error("price {0:?} is not a decimal dollar amount like \"$0.001\"")]
    Syntax(String),
    /// More than 6 decimals (would not be exact).
    #[error("price {0:?} has more than {DECIMALS} decimals")]
    TooPrecise(String),
    /// Does not fit in 64 bits of atomic units.
    #[error("price {0:?} is too large")]
    TooLarge(String),
}

/// A price in atomic units of a 6-decimal token (micro-dollars for pathUSD). Zero (`"$0"`) is
/// free: a route or cartridge priced `$0` is served without a 402, and a budget of `$0` spends
/// nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Price(u64);

impl Price {
    /// Free (`"$0"`).
    pub const FREE: Price = Price(0);

    /// Whether this is `$0`.
    pub fn is_free(self) -> bool {
        self.0 == 0
    }

    /// From atomic units.
    pub const fn from_units(units: u64) -> Price {
        Price(units)
    }

    /// Atomic units.
    pub fn units(self) -> u64 {
        self.0
    }
}

impl FromStr for Price {
    type Err = PriceError;

    /// Parses `"$0.001"`, `"0.001"`, `"$1"`, `"1.5"`, `"$0"` (free); rejects signs, exponents,
    /// spaces inside and more than 6 decimals.
    fn from_str(s: &str) -> Result<Price, PriceError> {
        let t = s.trim();
        let t = t.strip_prefix('$').unwrap_or(t);
        if t.is_empty() {
            return Err(PriceError::Empty);
        }
        let (int, frac) = match t.split_once('.') {
            Some((i, f)) => (i, f),
            None => (t, ""),
        };
        let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return Err(PriceError::Syntax(s.into()));
        }
        if t.ends_with('.') && frac.is_empty() && int.is_empty() {
            return Err(PriceError::Syntax(s.into()));
        }
        if frac.len() > DECIMALS as usize {
            return Err(PriceError::TooPrecise(s.into()));
        }
        let scale = 10u64.pow(DECIMALS);
        let whole: u64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| PriceError::TooLarge(s.into()))?
        };
        let mut frac_units: u64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| PriceError::Syntax(s.into()))?
        };
        frac_units *= 10u64.pow(DECIMALS - frac.len() as u32);
        let units = whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(frac_units))
            .ok_or_else(|| PriceError::TooLarge(s.into()))?;
        Ok(Price(units))
    }
}

impl fmt::Display for Price {
    /// `$0.001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = 10u64.pow(DECIMALS);
        let (w, r) = (self.0 / scale, self.0 % scale);
        if r == 0 {
            return write!(f, "${w}");
        }
        let frac = format!("{r:06}");
        write!(f, "${w}.{}", frac.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_to_units_exactly() {
        let p = |s: &str| s.parse::<Price>().map(Price::units);
        assert_eq!(p("$0.001"), Ok(1000));
        assert_eq!(p("$1"), Ok(1_000_000));
        assert_eq!(p("0.01"), Ok(10_000));
        assert_eq!(p("$0.000001"), Ok(1));
        assert_eq!(p("$12.5"), Ok(12_500_000));
        assert_eq!(p(".5"), Ok(500_000));
        assert_eq!(p(" $2.000000 "), Ok(2_000_000));
        assert_eq!(p(""), Err(PriceError::Empty));
        assert_eq!(p("$"), Err(PriceError::Empty));
        assert!(matches!(p("$0.0000001"), Err(PriceError::TooPrecise(_))));
        assert_eq!(p("$0"), Ok(0));
        assert_eq!(p("$0.000"), Ok(0));
        assert!("$0".parse::<Price>().is_ok_and(Price::is_free));
        assert_eq!(Price::FREE.to_string(), "$0");
        assert!(!Price::from_units(1).is_free());
        for bad in [
            "-1", "$-0.1", "1e3", "$1.2.3", "abc", "$ 1", "1,5", "+1", ".",
        ] {
            assert!(matches!(p(bad), Err(PriceError::Syntax(_))), "{bad}");
        }
        assert!(matches!(
            p("$99999999999999999999"),
            Err(PriceError::TooLarge(_))
        ));
        assert_eq!(Price::from_units(1000).to_string(), "$0.001");
        assert_eq!(Price::from_units(2_000_000).to_string(), "$2");
        assert_eq!(Price::from_units(1_500_000).to_string(), "$1.5");
    }
}
