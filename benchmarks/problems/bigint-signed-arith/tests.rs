use solution::*;

fn b(s: &str) -> BigInt {
    s.parse().unwrap_or_else(|_| panic!("parse {s:?}"))
}

fn i(v: i64) -> BigInt {
    BigInt::from(v)
}

#[test]
fn parse_and_display_roundtrip() {
    for s in ["0", "7", "-7", "123456789012345678901234567890", "-100000000000000000000000000", "4294967296", "-18446744073709551616"] {
        assert_eq!(b(s).to_string(), s);
    }
    assert_eq!(b("+007").to_string(), "7");
    assert_eq!(b("-000").to_string(), "0");
    assert_eq!(b("000000000000000000000000000000001").to_string(), "1");
    assert_eq!(i(i64::MIN).to_string(), "-9223372036854775808");
    assert_eq!(i(i64::MAX).to_string(), "9223372036854775807");
}

#[test]
fn parse_rejects_malformed() {
    for s in ["", "-", "+", "+-1", "--1", " 1", "1 ", "12a", "1_000", "1.0", "٣", "0x10"] {
        assert_eq!(s.parse::<BigInt>(), Err(ParseBigIntError), "{s:?}");
    }
}

#[test]
fn equality_is_numeric() {
    assert_eq!(b("-0"), BigInt::zero());
    assert_eq!(b("+0"), i(0));
    assert_eq!(b("0000123"), i(123));
    assert_eq!(i(5) - i(5), BigInt::zero());
    assert_eq!(i(-5) + i(5), BigInt::zero());
    assert_eq!(-BigInt::zero(), BigInt::zero());
    assert_eq!(b("18446744073709551616") - b("18446744073709551615"), i(1));
    assert!(BigInt::zero().is_zero() && !i(-1).is_zero());
    assert_eq!((-(i(3) - i(3))).to_string(), "0");
    use std::collections::HashSet;
    let set: HashSet<BigInt> = [b("-0"), i(0), b("4294967296") - b("4294967296"), i(1)].into_iter().collect();
    assert_eq!(set.len(), 2);
}

#[test]
fn addition_and_subtraction_signs() {
    let a = b("123456789012345678901234567890");
    let c = b("-987654321098765432109876543210");
    assert_eq!((a.clone() + c.clone()).to_string(), "-864197532086419753208641975320");
    assert_eq!((a.clone() - c.clone()).to_string(), "1111111110111111111011111111100");
    assert_eq!((c.clone() - a.clone()).to_string(), "-1111111110111111111011111111100");
    assert_eq!((i(-1) + i(-1)).to_string(), "-2");
    assert_eq!((b("4294967295") + i(1)).to_string(), "4294967296");
    assert_eq!((b("-4294967296") + i(1)).to_string(), "-4294967295");
    assert_eq!((i(i64::MIN) - i(1)).to_string(), "-9223372036854775809");
    assert_eq!((i(i64::MAX) + i(i64::MAX)).to_string(), "18446744073709551614");
    assert_eq!((b("1000000000000000000000") - b("1")).to_string(), "999999999999999999999");
}

#[test]
fn multiplication() {
    let a = b("123456789012345678901234567890");
    let c = b("-987654321098765432109876543210");
    assert_eq!((a * c).to_string(), "-121932631137021795226185032733622923332237463801111263526900");
    assert_eq!((i(-3) * i(-4)).to_string(), "12");
    assert_eq!((i(0) * i(-4)).to_string(), "0");
    assert_eq!(i(0) * i(-4), BigInt::zero());
    assert_eq!((b("18446744073709551616") * b("18446744073709551616") - i(1)).to_string(), "340282366920938463463374607431768211455");
    let mut f = i(1);
    for k in 1..=50 {
        f = f * i(k);
    }
    assert_eq!(f.to_string(), "30414093201713378043612608166064768844377641568960512000000000000");
}

#[test]
fn powers() {
    assert_eq!(i(2).pow(200).to_string(), "1606938044258990275541962092341162602522202993782792835301376");
    assert_eq!((-i(3).pow(100)).to_string(), "-515377520732011331036461129765621272702107522001");
    assert_eq!(i(-2).pow(3).to_string(), "-8");
    assert_eq!(i(-2).pow(4).to_string(), "16");
    assert_eq!(i(0).pow(0).to_string(), "1");
    assert_eq!(i(0).pow(5).to_string(), "0");
    assert_eq!(i(-7).pow(77).to_string(), "-118181386580595879976868414312001964434038548836769923458287039207");
    assert_eq!(i(10).pow(1000).to_string(), format!("1{}", "0".repeat(1000)));
}

#[test]
fn division_truncates_toward_zero() {
    let pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (6, 3), (0, 5), (1, 10), (-1, 10), (i64::MIN, -1), (i64::MIN, 7)];
    for (x, y) in pairs {
        let (q, r) = i(x).div_rem(&i(y)).unwrap();
        let expected_q = (x as i128) / (y as i128);
        let expected_r = (x as i128) % (y as i128);
        assert_eq!(q.to_string(), expected_q.to_string(), "{x} / {y}");
        assert_eq!(r.to_string(), expected_r.to_string(), "{x} % {y}");
    }
    assert_eq!(i(5).div_rem(&BigInt::zero()), None);
    assert_eq!(b("-0").div_rem(&b("-0")), None);
}

#[test]
fn big_division() {
    let x = -(i(10).pow(40) + i(7));
    let y = b("12345678901234567");
    let (q, r) = x.div_rem(&y).unwrap();
    assert_eq!(q.to_string(), "-810000007290000124740001");
    assert_eq!(r.to_string(), "-8084321211185440");
    assert_eq!(q * y + r, x);
    let big = i(3).pow(500);
    let d = i(3).pow(123) + i(1);
    let (q, r) = big.div_rem(&d).unwrap();
    assert_eq!(q.clone() * d.clone() + r.clone(), big);
    assert!(r.signum() >= 0 && r < d);
    let (q, r) = d.div_rem(&big).unwrap();
    assert!(q.is_zero());
    assert_eq!(r, d);
}

#[test]
fn ordering_and_signum() {
    let mut v = vec![b("5"), b("-10000000000000000000000"), b("0"), b("-3"), b("99999999999999999999"), b("-2"), b("4294967296")];
    v.sort();
    let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    assert_eq!(s, ["-10000000000000000000000", "-3", "-2", "0", "5", "4294967296", "99999999999999999999"]);
    assert!(b("-1") < b("0") && b("-100") < b("-99") && b("100") > b("99"));
    assert_eq!(b("-5").signum(), -1);
    assert_eq!(b("-0").signum(), 0);
    assert_eq!(b("12").signum(), 1);
    assert_eq!(b("-123456789012345678901").abs().to_string(), "123456789012345678901");
}

#[test]
fn fibonacci_300() {
    let (mut a, mut c) = (i(0), i(1));
    for _ in 0..300 {
        let next = a.clone() + c.clone();
        a = c;
        c = next;
    }
    assert_eq!(a.to_string(), "222232244629420445529739893461909967206666939096499764990979600");
}
