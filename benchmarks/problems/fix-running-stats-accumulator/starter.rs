/// Accumulates count, sum, min and max of `i64` samples.
#[derive(Debug, Clone)]
pub struct RunningStats {
    count: u64,
    sum: i64,
    min: i64,
    max: i64,
}

impl RunningStats {
    pub fn new() -> Self {
        RunningStats { count: 0, sum: 0, min: 0, max: 0 }
    }

    pub fn push(&mut self, x: i64) {
        self.count += 1;
        self.sum += x;
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn sum(&self) -> i64 {
        self.sum
    }

    pub fn min(&self) -> Option<i64> {
        if self.count == 0 {
            None
        } else {
            Some(self.min)
        }
    }

    pub fn max(&self) -> Option<i64> {
        if self.count == 0 {
            None
        } else {
            Some(self.max)
        }
    }

    pub fn mean(&self) -> Option<f64> {
        Some((self.sum / self.count as i64) as f64)
    }

    pub fn merge(&mut self, other: &RunningStats) {
        self.count += other.count;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }
}
