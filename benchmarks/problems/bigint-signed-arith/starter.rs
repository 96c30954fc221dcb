use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseBigIntError;

/// You may change the private representation, but `==` must mean numeric equality.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigInt {
    negative: bool,
    magnitude: Vec<u32>,
}

impl BigInt {
    pub fn zero() -> BigInt {
        todo!()
    }

    pub fn is_zero(&self) -> bool {
        todo!()
    }

    pub fn signum(&self) -> i32 {
        todo!()
    }

    pub fn abs(&self) -> BigInt {
        todo!()
    }

    pub fn pow(&self, exp: u32) -> BigInt {
        todo!("pow {exp}")
    }

    pub fn div_rem(&self, divisor: &BigInt) -> Option<(BigInt, BigInt)> {
        todo!("div_rem {divisor:?}")
    }
}

impl From<i64> for BigInt {
    fn from(v: i64) -> BigInt {
        todo!("from {v}")
    }
}

impl FromStr for BigInt {
    type Err = ParseBigIntError;

    fn from_str(s: &str) -> Result<BigInt, ParseBigIntError> {
        todo!("parse {s:?}")
    }
}

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}

impl Ord for BigInt {
    fn cmp(&self, other: &BigInt) -> Ordering {
        todo!()
    }
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, other: &BigInt) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Neg for BigInt {
    type Output = BigInt;
    fn neg(self) -> BigInt {
        todo!()
    }
}

impl Add for BigInt {
    type Output = BigInt;
    fn add(self, other: BigInt) -> BigInt {
        todo!()
    }
}

impl Sub for BigInt {
    type Output = BigInt;
    fn sub(self, other: BigInt) -> BigInt {
        todo!()
    }
}

impl Mul for BigInt {
    type Output = BigInt;
    fn mul(self, other: BigInt) -> BigInt {
        todo!()
    }
}
