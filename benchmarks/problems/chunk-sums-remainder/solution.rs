pub fn chunk_sums(values: &[i64], size: usize) -> Vec<i64> {
    assert!(size > 0, "size must be positive");
    values.chunks(size).map(|c| c.iter().sum()).collect()
}

pub fn pad_chunks(values: &[i64], size: usize, fill: i64) -> Vec<Vec<i64>> {
    assert!(size > 0, "size must be positive");
    values
        .chunks(size)
        .map(|c| {
            let mut v = c.to_vec();
            v.resize(size, fill);
            v
        })
        .collect()
}

pub fn full_chunk_maxes(values: &[i64], size: usize) -> (Vec<i64>, Vec<i64>) {
    assert!(size > 0, "size must be positive");
    let it = values.chunks_exact(size);
    let rest = it.remainder().to_vec();
    (it.map(|c| *c.iter().max().unwrap()).collect(), rest)
}

pub fn interleave(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    for (x, y) in a.iter().zip(b) {
        out.push(*x);
        out.push(*y);
    }
    let n = a.len().min(b.len());
    out.extend_from_slice(&a[n..]);
    out.extend_from_slice(&b[n..]);
    out
}
