#[derive(Debug, Clone, Default)]
pub struct RunningStats {}

impl RunningStats {
    pub fn new() -> RunningStats {
        todo!()
    }

    pub fn push(&mut self, x: f64) {
        todo!()
    }

    pub fn count(&self) -> u64 {
        todo!()
    }

    pub fn mean(&self) -> Option<f64> {
        todo!()
    }

    pub fn min(&self) -> Option<f64> {
        todo!()
    }

    pub fn max(&self) -> Option<f64> {
        todo!()
    }

    pub fn variance(&self) -> Option<f64> {
        todo!()
    }

    pub fn sample_variance(&self) -> Option<f64> {
        todo!()
    }

    pub fn merge(&mut self, other: &RunningStats) {
        todo!()
    }
}

impl FromIterator<f64> for RunningStats {
    fn from_iter<I: IntoIterator<Item = f64>>(iter: I) -> Self {
        todo!()
    }
}

impl Extend<f64> for RunningStats {
    fn extend<I: IntoIterator<Item = f64>>(&mut self, iter: I) {
        todo!()
    }
}
