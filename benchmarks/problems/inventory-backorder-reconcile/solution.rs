use std::collections::{BTreeMap, HashMap, VecDeque};

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

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Waiting,
    Fulfilled,
    Cancelled,
}

struct OrderInfo {
    sku: String,
    qty: u64,
    state: State,
    seq: usize,
}

fn serve(
    sku: &str,
    stock: &mut BTreeMap<String, u64>,
    queues: &mut HashMap<String, VecDeque<u32>>,
    orders: &mut HashMap<u32, OrderInfo>,
    fulfilled: &mut Vec<u32>,
) {
    let Some(queue) = queues.get_mut(sku) else { return };
    let s = stock.get_mut(sku).unwrap();
    while let Some(&front) = queue.front() {
        let o = orders.get_mut(&front).unwrap();
        if o.qty > *s {
            break;
        }
        *s -= o.qty;
        o.state = State::Fulfilled;
        fulfilled.push(front);
        queue.pop_front();
    }
}

pub fn reconcile(events: &[Event]) -> Report {
    let mut stock: BTreeMap<String, u64> = BTreeMap::new();
    let mut queues: HashMap<String, VecDeque<u32>> = HashMap::new();
    let mut orders: HashMap<u32, OrderInfo> = HashMap::new();
    let mut fulfilled = Vec::new();
    let mut cancelled = Vec::new();
    let mut errors = Vec::new();
    for (idx, ev) in events.iter().enumerate() {
        match ev {
            Event::Receive { sku, qty } => {
                *stock.entry(sku.clone()).or_insert(0) += *qty as u64;
                serve(sku, &mut stock, &mut queues, &mut orders, &mut fulfilled);
            }
            Event::Order { id, sku, qty } => {
                stock.entry(sku.clone()).or_insert(0);
                if orders.contains_key(id) {
                    errors.push((idx, EventError::DuplicateOrder(*id)));
                    continue;
                }
                let queue = queues.entry(sku.clone()).or_default();
                let s = stock.get_mut(sku).unwrap();
                let state = if queue.is_empty() && *s >= *qty as u64 {
                    *s -= *qty as u64;
                    fulfilled.push(*id);
                    State::Fulfilled
                } else {
                    queue.push_back(*id);
                    State::Waiting
                };
                orders.insert(*id, OrderInfo { sku: sku.clone(), qty: *qty as u64, state, seq: idx });
            }
            Event::Cancel { id } => {
                let Some(o) = orders.get_mut(id) else {
                    errors.push((idx, EventError::UnknownOrder(*id)));
                    continue;
                };
                let sku = o.sku.clone();
                match o.state {
                    State::Cancelled => {
                        errors.push((idx, EventError::AlreadyCancelled(*id)));
                        continue;
                    }
                    State::Waiting => {
                        queues.get_mut(&sku).unwrap().retain(|x| x != id);
                    }
                    State::Fulfilled => {
                        *stock.get_mut(&sku).unwrap() += o.qty;
                    }
                }
                o.state = State::Cancelled;
                cancelled.push(*id);
                serve(&sku, &mut stock, &mut queues, &mut orders, &mut fulfilled);
            }
        }
    }
    let mut waiting: Vec<(usize, u32)> = orders
        .iter()
        .filter(|(_, o)| o.state == State::Waiting)
        .map(|(&id, o)| (o.seq, id))
        .collect();
    waiting.sort();
    Report {
        stock,
        fulfilled,
        backordered: waiting.into_iter().map(|(_, id)| id).collect(),
        cancelled,
        errors,
    }
}
