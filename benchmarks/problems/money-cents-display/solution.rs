use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money {
    cents: i64,
}

impl Money {
    pub fn from_cents(cents: i64) -> Money {
        Money { cents }
    }

    pub fn cents(&self) -> i64 {
        self.cents
    }

    pub fn parse(s: &str) -> Option<Money> {
        let (neg, rest) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (whole, frac) = match rest.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (rest, None),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac_cents: i128 = match frac {
            None => 0,
            Some(f) => {
                if f.is_empty() || f.len() > 2 || !f.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let v: i128 = f.parse().ok()?;
                if f.len() == 1 { v * 10 } else { v }
            }
        };
        let mut units: i128 = 0;
        for b in whole.bytes() {
            units = units * 10 + (b - b'0') as i128;
            if units > i64::MAX as i128 {
                return None;
            }
        }
        let mut total = units * 100 + frac_cents;
        if neg {
            total = -total;
        }
        i64::try_from(total).ok().map(Money::from_cents)
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.cents.checked_add(other.cents).map(Money::from_cents)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.cents.checked_sub(other.cents).map(Money::from_cents)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.cents.unsigned_abs();
        let units = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in units.chars().enumerate() {
            if i > 0 && (units.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.cents < 0 { "-" } else { "" };
        write!(f, "{}{}.{:02}", sign, grouped, abs % 100)
    }
}
