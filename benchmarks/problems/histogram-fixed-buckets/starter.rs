#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    pub counts: Vec<usize>,
    pub below: usize,
    pub above: usize,
}

pub fn histogram(values: &[i64], start: i64, width: u64, buckets: usize) -> Histogram {
    todo!()
}

impl Histogram {
    pub fn total(&self) -> usize {
        todo!()
    }

    pub fn mode_bucket(&self) -> Option<usize> {
        todo!()
    }
}

pub fn bucket_range(start: i64, width: u64, index: usize) -> (i128, i128) {
    todo!()
}
