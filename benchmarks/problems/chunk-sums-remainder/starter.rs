pub fn chunk_sums(values: &[i64], size: usize) -> Vec<i64> {
    todo!()
}

pub fn pad_chunks(values: &[i64], size: usize, fill: i64) -> Vec<Vec<i64>> {
    todo!()
}

pub fn full_chunk_maxes(values: &[i64], size: usize) -> (Vec<i64>, Vec<i64>) {
    todo!()
}

pub fn interleave(a: &[i64], b: &[i64]) -> Vec<i64> {
    todo!()
}
