#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RadixError {
    BadRadix(u32),
    Empty,
    InvalidDigit(char),
    Overflow,
}

fn check(radix: u32) -> Result<(), RadixError> {
    if (2..=36).contains(&radix) {
        Ok(())
    } else {
        Err(RadixError::BadRadix(radix))
    }
}

pub fn to_radix(mut n: u64, radix: u32) -> Result<String, RadixError> {
    check(radix)?;
    let r = radix as u64;
    let mut out = Vec::new();
    loop {
        let d = (n % r) as u32;
        out.push(std::char::from_digit(d, radix).unwrap());
        n /= r;
        if n == 0 {
            break;
        }
    }
    Ok(out.iter().rev().collect())
}

pub fn from_radix(s: &str, radix: u32) -> Result<u64, RadixError> {
    check(radix)?;
    if s.is_empty() {
        return Err(RadixError::Empty);
    }
    let mut ds = Vec::new();
    for c in s.chars() {
        match c.to_digit(radix) {
            Some(d) => ds.push(d as u64),
            None => return Err(RadixError::InvalidDigit(c)),
        }
    }
    let mut acc = 0u64;
    for d in ds {
        acc = acc
            .checked_mul(radix as u64)
            .and_then(|v| v.checked_add(d))
            .ok_or(RadixError::Overflow)?;
    }
    Ok(acc)
}
