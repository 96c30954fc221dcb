pub fn mean(values: &[f64]) -> Option<f64> {
    todo!()
}

pub fn median(values: &[f64]) -> Option<f64> {
    todo!()
}

pub fn mode(values: &[i64]) -> Option<i64> {
    todo!()
}

pub fn range(values: &[i64]) -> Option<u64> {
    todo!()
}
