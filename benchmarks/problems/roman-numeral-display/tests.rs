use solution::*;

fn r(n: u32) -> Roman {
    Roman::new(n).unwrap()
}

#[test]
fn range_checked() {
    assert!(Roman::new(0).is_none());
    assert!(Roman::new(4000).is_none());
    assert!(Roman::new(u32::MAX).is_none());
    assert_eq!(r(1).value(), 1);
    assert_eq!(r(3999).value(), 3999);
}

#[test]
fn uppercase_display() {
    assert_eq!(r(1).to_string(), "I");
    assert_eq!(r(4).to_string(), "IV");
    assert_eq!(r(9).to_string(), "IX");
    assert_eq!(r(40).to_string(), "XL");
    assert_eq!(r(90).to_string(), "XC");
    assert_eq!(r(400).to_string(), "CD");
    assert_eq!(r(1994).to_string(), "MCMXCIV");
    assert_eq!(r(3999).to_string(), "MMMCMXCIX");
    assert_eq!(r(2888).to_string(), "MMDCCCLXXXVIII");
}

#[test]
fn alternate_is_lowercase() {
    assert_eq!(format!("{:#}", r(14)), "xiv");
    assert_eq!(format!("{:#}", r(1666)), "mdclxvi");
}

#[test]
fn padding_and_alignment() {
    assert_eq!(format!("{:>6}", r(4)), "    IV");
    assert_eq!(format!("{:*<5}", r(3)), "III**");
    assert_eq!(format!("{:^7}", r(9)), "  IX   ");
    assert_eq!(format!("{:>#5}", r(9)), "   ix");
    assert_eq!(format!("{:2}", r(8)), "VIII");
}

#[test]
fn ordering_follows_value() {
    assert!(r(9) < r(10));
    assert!(r(1000) > r(999));
    assert_eq!(r(5), r(5));
}
