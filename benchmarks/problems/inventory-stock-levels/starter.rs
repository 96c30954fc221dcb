#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StockError {
    UnknownSku(String),
    Insufficient { sku: String, requested: u32, available: u32 },
}

pub struct Inventory {}

impl Inventory {
    pub fn new() -> Inventory {
        todo!()
    }

    pub fn add(&mut self, sku: &str, qty: u32) -> u32 {
        todo!()
    }

    pub fn remove(&mut self, sku: &str, qty: u32) -> Result<u32, StockError> {
        todo!()
    }

    pub fn quantity(&self, sku: &str) -> u32 {
        todo!()
    }

    pub fn skus(&self) -> Vec<String> {
        todo!()
    }

    pub fn low_stock(&self, threshold: u32) -> Vec<(String, u32)> {
        todo!()
    }

    pub fn total_units(&self) -> u64 {
        todo!()
    }

    pub fn fulfil(&mut self, order: &[(&str, u32)]) -> Result<(), StockError> {
        todo!()
    }
}
