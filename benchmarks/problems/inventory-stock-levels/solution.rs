use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StockError {
    UnknownSku(String),
    Insufficient { sku: String, requested: u32, available: u32 },
}

pub struct Inventory {
    stock: BTreeMap<String, u32>,
}

impl Inventory {
    pub fn new() -> Inventory {
        Inventory { stock: BTreeMap::new() }
    }

    pub fn add(&mut self, sku: &str, qty: u32) -> u32 {
        if qty == 0 {
            return self.quantity(sku);
        }
        let e = self.stock.entry(sku.to_string()).or_insert(0);
        *e = e.saturating_add(qty);
        *e
    }

    pub fn remove(&mut self, sku: &str, qty: u32) -> Result<u32, StockError> {
        let available = *self
            .stock
            .get(sku)
            .ok_or_else(|| StockError::UnknownSku(sku.to_string()))?;
        if qty > available {
            return Err(StockError::Insufficient { sku: sku.to_string(), requested: qty, available });
        }
        let left = available - qty;
        if left == 0 {
            self.stock.remove(sku);
        } else {
            self.stock.insert(sku.to_string(), left);
        }
        Ok(left)
    }

    pub fn quantity(&self, sku: &str) -> u32 {
        self.stock.get(sku).copied().unwrap_or(0)
    }

    pub fn skus(&self) -> Vec<String> {
        self.stock.keys().cloned().collect()
    }

    pub fn low_stock(&self, threshold: u32) -> Vec<(String, u32)> {
        let mut v: Vec<(String, u32)> = self
            .stock
            .iter()
            .filter(|(_, &q)| q < threshold)
            .map(|(k, &q)| (k.clone(), q))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    pub fn total_units(&self) -> u64 {
        self.stock.values().map(|&q| q as u64).sum()
    }

    pub fn fulfil(&mut self, order: &[(&str, u32)]) -> Result<(), StockError> {
        let mut wanted: HashMap<&str, u64> = HashMap::new();
        for &(sku, qty) in order {
            let available = *self
                .stock
                .get(sku)
                .ok_or_else(|| StockError::UnknownSku(sku.to_string()))?;
            let acc = wanted.entry(sku).or_insert(0);
            *acc += qty as u64;
            if *acc > available as u64 {
                return Err(StockError::Insufficient {
                    sku: sku.to_string(),
                    requested: (*acc).min(u32::MAX as u64) as u32,
                    available,
                });
            }
        }
        for (sku, qty) in wanted {
            self.remove(sku, qty as u32).expect("checked above");
        }
        Ok(())
    }
}
