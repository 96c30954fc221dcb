#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    pub counts: Vec<usize>,
    pub below: usize,
    pub above: usize,
}

pub fn histogram(values: &[i64], start: i64, width: u64, buckets: usize) -> Histogram {
    assert!(width > 0 && buckets > 0, "width and buckets must be positive");
    let mut h = Histogram { counts: vec![0; buckets], below: 0, above: 0 };
    for &v in values {
        if v < start {
            h.below += 1;
            continue;
        }
        let idx = (v as i128 - start as i128) / width as i128;
        if idx >= buckets as i128 {
            h.above += 1;
        } else {
            h.counts[idx as usize] += 1;
        }
    }
    h
}

impl Histogram {
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    pub fn mode_bucket(&self) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, &c) in self.counts.iter().enumerate() {
            if c > 0 && best.map_or(true, |b| c > self.counts[b]) {
                best = Some(i);
            }
        }
        best
    }
}

pub fn bucket_range(start: i64, width: u64, index: usize) -> (i128, i128) {
    let lo = start as i128 + index as i128 * width as i128;
    (lo, lo + width as i128)
}
