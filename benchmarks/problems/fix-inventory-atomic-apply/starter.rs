use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvError {
    Unknown(String),
    Insufficient { item: String, have: u32, want: u32 },
}

#[derive(Debug, Clone, Default)]
pub struct Inventory {
    items: HashMap<String, u32>,
}

impl Inventory {
    pub fn new() -> Self {
        Inventory { items: HashMap::new() }
    }

    pub fn add(&mut self, item: &str, qty: u32) {
        if qty == 0 {
            return;
        }
        self.items.insert(item.to_string(), qty);
    }

    pub fn remove(&mut self, item: &str, qty: u32) -> Result<(), InvError> {
        let have = self
            .items
            .get_mut(item)
            .ok_or_else(|| InvError::Unknown(item.to_string()))?;
        if *have < qty {
            return Err(InvError::Insufficient { item: item.to_string(), have: *have, want: qty });
        }
        *have -= qty;
        Ok(())
    }

    pub fn quantity(&self, item: &str) -> u32 {
        self.items.get(item).copied().unwrap_or(0)
    }

    pub fn distinct_items(&self) -> usize {
        self.items.len()
    }

    /// Applies all operations, or none of them.
    pub fn apply(&mut self, ops: &[(&str, i64)]) -> Result<(), InvError> {
        for &(item, delta) in ops {
            if delta >= 0 {
                self.add(item, delta as u32);
            } else {
                self.remove(item, delta.unsigned_abs() as u32)?;
            }
        }
        Ok(())
    }
}
