pub fn mod_mul(a: u64, b: u64, m: u64) -> u64 {
    todo!()
}

pub fn mod_pow(base: u64, exp: u64, m: u64) -> u64 {
    todo!()
}

pub fn mod_inverse(a: u64, m: u64) -> Option<u64> {
    todo!()
}
