pub fn to_gray(n: u32) -> u32 {
    n ^ (n >> 1)
}

pub fn from_gray(mut g: u32) -> u32 {
    let mut shift = 1;
    while shift < 32 {
        g ^= g >> shift;
        shift <<= 1;
    }
    g
}

pub fn gray_sequence(bits: u32) -> Vec<u32> {
    assert!(bits <= 20, "too many bits");
    (0..1u32 << bits).map(to_gray).collect()
}

pub fn hamming_distance(a: u32, b: u32) -> u32 {
    (a ^ b).count_ones()
}
