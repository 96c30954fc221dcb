/// Prefix sums over a fixed list of values.
pub struct PrefixSums {
    /// sums[i] = values[0] + ... + values[i - 1]; sums[0] = 0.
    sums: Vec<i64>,
}

impl PrefixSums {
    pub fn new(values: &[i64]) -> Self {
        let mut sums = Vec::with_capacity(values.len() + 1);
        sums.push(0);
        for &v in values {
            let last = *sums.last().unwrap_or(&0);
            sums.push(last + v);
        }
        PrefixSums { sums }
    }

    pub fn len(&self) -> usize {
        self.sums.len() - 1
    }

    /// Sum of values[lo..=hi].
    pub fn range_sum(&self, lo: usize, hi: usize) -> Option<i64> {
        if lo > hi || hi >= self.len() {
            return None;
        }
        Some(self.sums[hi + 1] - self.sums[lo])
    }

    /// (start, sum) of the best window of length k; earliest start on ties.
    pub fn best_window(&self, k: usize) -> Option<(usize, i64)> {
        if k == 0 || k > self.len() {
            return None;
        }
        let mut best: Option<(usize, i64)> = None;
        for start in 0..=self.len() - k {
            let s = self.sums[start + k] - self.sums[start];
            if best.map_or(true, |(_, b)| s > b) {
                best = Some((start, s));
            }
        }
        best
    }
}
