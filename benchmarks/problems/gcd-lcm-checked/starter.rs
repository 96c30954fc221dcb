pub fn gcd(a: u64, b: u64) -> u64 {
    todo!()
}

pub fn lcm(a: u64, b: u64) -> Option<u64> {
    todo!()
}

pub fn gcd_all(values: &[u64]) -> u64 {
    todo!()
}

pub fn lcm_all(values: &[u64]) -> Option<u64> {
    todo!()
}
