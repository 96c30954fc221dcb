pub fn binomial(n: u64, k: u64) -> Option<u64> {
    todo!()
}

pub fn pascal_row(n: u64) -> Option<Vec<u64>> {
    todo!()
}
