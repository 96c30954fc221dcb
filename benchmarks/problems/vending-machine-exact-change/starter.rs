#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VendError {
    UnknownCoin(u32),
    UnknownProduct(String),
    SoldOut(String),
    InsufficientCredit { price: u32, credit: u32 },
    CannotMakeChange { change: u32 },
}

pub struct VendingMachine {
    escrow: Vec<u32>,
}

impl VendingMachine {
    pub fn new(coin_box: &[(u32, u32)], products: &[(&str, u32, u32)]) -> VendingMachine {
        todo!("{} denominations, {} products", coin_box.len(), products.len())
    }

    pub fn insert(&mut self, coin: u32) -> Result<u32, VendError> {
        todo!("insert {coin}")
    }

    pub fn credit(&self) -> u32 {
        todo!()
    }

    pub fn coins(&self, denomination: u32) -> u32 {
        todo!("count of {denomination}")
    }

    pub fn stock(&self, product: &str) -> u32 {
        todo!("stock of {product}")
    }

    pub fn select(&mut self, product: &str) -> Result<Vec<u32>, VendError> {
        todo!("select {product}")
    }

    pub fn cancel(&mut self) -> Vec<u32> {
        todo!()
    }
}
