use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Receive { sku: String, qty: u32 },
    Order { id: u32, sku: String, qty: u32 },
    Cancel { id: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventError {
    DuplicateOrder(u32),
    UnknownOrder(u32),
    AlreadyCancelled(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub stock: BTreeMap<String, u64>,
    pub fulfilled: Vec<u32>,
    pub backordered: Vec<u32>,
    pub cancelled: Vec<u32>,
    pub errors: Vec<(usize, EventError)>,
}

pub fn reconcile(events: &[Event]) -> Report {
    todo!("reconcile {} events", events.len())
}
