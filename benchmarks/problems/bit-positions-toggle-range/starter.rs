pub fn set_bit_positions(n: u64) -> Vec<u32> {
    todo!()
}

pub fn from_positions(positions: &[u32]) -> Option<u64> {
    todo!()
}

pub fn toggle_range(n: u64, lo: u32, hi: u32) -> u64 {
    todo!()
}

pub fn extract_bits(n: u64, lo: u32, len: u32) -> u64 {
    todo!()
}

pub fn lowest_set_bit(n: u64) -> Option<u32> {
    todo!()
}

pub fn highest_set_bit(n: u64) -> Option<u32> {
    todo!()
}
