pub fn to_gray(n: u32) -> u32 {
    todo!()
}

pub fn from_gray(g: u32) -> u32 {
    todo!()
}

pub fn gray_sequence(bits: u32) -> Vec<u32> {
    todo!()
}

pub fn hamming_distance(a: u32, b: u32) -> u32 {
    todo!()
}
