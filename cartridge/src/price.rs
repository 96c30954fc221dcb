//! Prices such as `"$0.001"`: parsed to micro-dollars (6 decimals, as pathUSD).

use serde::{Deserialize, Serialize};

/// Largest accepted price: $1,000,000.
const MAX_MICROS: u64 = 1_000_000 * 1_000_000;

/// A cartridge's price per request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    /// The price as written, normalised (`"$0.001"`).
    pub text: String,
    /// The amount in millionths of a dollar; 0 = free.
    pub micros: u64,
}

impl Price {
    /// Parses `"$<dollars>[.<up to 6 decimals>]"`; `None` if malformed.
    ///
    /// ```
    /// use x402_cartridge::Price;
    /// assert_eq!(Price::parse("$0.001").unwrap().micros, 1000);
    /// assert!(Price::parse("$0").unwrap().is_free());
    /// assert!(Price::parse("0.01").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Price> {
        let amount = text.trim().strip_prefix('$')?;
        let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 6 {
            return None;
        }
        if amount.ends_with('.') {
            return None;
        }
        let whole: u64 = whole.parse().ok()?;
        let frac_micros: u64 = format!("{frac:0<6}").parse().ok()?;
        let micros = whole.checked_mul(1_000_000)?.checked_add(frac_micros)?;
        (micros <= MAX_MICROS).then(|| Price {
            text: format!("${amount}"),
            micros,
        })
    }

    /// Whether requests are free.
    pub fn is_free(&self) -> bool {
        self.micros == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dollars_and_rejects_garbage() {
        assert_eq!(Price::parse("$1").unwrap().micros, 1_000_000);
        assert_eq!(Price::parse("$0.000001").unwrap().micros, 1);
        assert_eq!(Price::parse("$12.5").unwrap().micros, 12_500_000);
        for bad in [
            "",
            "$",
            "$.5",
            "$1.",
            "$0.0000001",
            "$-1",
            "1",
            "$1e3",
            "$99999999",
        ] {
            assert!(Price::parse(bad).is_none(), "{bad:?} accepted");
        }
    }
}
