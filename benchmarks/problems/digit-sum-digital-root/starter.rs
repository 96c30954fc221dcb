pub fn digits(n: u64) -> Vec<u8> {
    todo!()
}

pub fn from_digits(digits: &[u8]) -> Option<u64> {
    todo!()
}

pub fn digit_sum(n: u64) -> u32 {
    todo!()
}

pub fn digital_root(n: u64) -> u32 {
    todo!()
}
