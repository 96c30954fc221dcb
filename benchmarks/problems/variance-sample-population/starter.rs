#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Population,
    Sample,
}

pub fn variance(values: &[f64], kind: Kind) -> Option<f64> {
    todo!()
}

pub fn std_dev(values: &[f64], kind: Kind) -> Option<f64> {
    todo!()
}

pub fn z_scores(values: &[f64]) -> Option<Vec<f64>> {
    todo!()
}
