#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Customer {
    pub arrival: u64,
    pub service: u64,
    pub priority: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub teller: usize,
    pub start: u64,
    pub end: u64,
}

pub fn simulate(tellers: usize, customers: &[Customer]) -> Vec<Visit> {
    todo!("simulate {tellers} tellers and {} customers", customers.len())
}
