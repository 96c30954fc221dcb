use std::collections::BTreeSet;

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
    assert!(tellers > 0, "a bank needs at least one teller");
    let n = customers.len();
    let mut arrivals: Vec<usize> = (0..n).collect();
    arrivals.sort_by_key(|&i| (customers[i].arrival, i));
    let mut next_arrival = 0usize;
    let mut free_at = vec![0u64; tellers];
    // waiting customers ordered by (non-priority, arrival, index)
    let mut waiting: BTreeSet<(bool, u64, usize)> = BTreeSet::new();
    let mut visits: Vec<Option<Visit>> = vec![None; n];
    let mut served = 0usize;
    let mut t = 0u64;
    while served < n {
        while next_arrival < n && customers[arrivals[next_arrival]].arrival <= t {
            let i = arrivals[next_arrival];
            waiting.insert((!customers[i].priority, customers[i].arrival, i));
            next_arrival += 1;
        }
        while let Some(&first) = waiting.iter().next() {
            let Some(teller) = (0..tellers).find(|&k| free_at[k] <= t) else { break };
            waiting.remove(&first);
            let i = first.2;
            let end = t + customers[i].service;
            free_at[teller] = end;
            visits[i] = Some(Visit { teller, start: t, end });
            served += 1;
        }
        // advance to the next event
        let mut next_t = u64::MAX;
        if next_arrival < n {
            next_t = next_t.min(customers[arrivals[next_arrival]].arrival);
        }
        if !waiting.is_empty() {
            for &f in &free_at {
                if f > t {
                    next_t = next_t.min(f);
                }
            }
        }
        if next_t == u64::MAX {
            break;
        }
        t = next_t;
    }
    visits.into_iter().map(|v| v.unwrap()).collect()
}
