pub fn isqrt(n: u64) -> u64 {
    todo!()
}

pub fn icbrt(n: u64) -> u64 {
    todo!()
}

pub fn nth_root(n: u64, k: u32) -> u64 {
    todo!()
}

pub fn is_perfect_square(n: u64) -> bool {
    todo!()
}
