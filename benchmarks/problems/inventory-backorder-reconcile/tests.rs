use solution::*;
use std::collections::BTreeMap;

fn rc(sku: &str, qty: u32) -> Event {
    Event::Receive { sku: sku.to_string(), qty }
}
fn or(id: u32, sku: &str, qty: u32) -> Event {
    Event::Order { id, sku: sku.to_string(), qty }
}
fn cx(id: u32) -> Event {
    Event::Cancel { id }
}
fn stock(items: &[(&str, u64)]) -> BTreeMap<String, u64> {
    items.iter().map(|&(k, v)| (k.to_string(), v)).collect()
}

#[test]
fn example_from_statement() {
    let r = reconcile(&[or(1, "pen", 5), rc("pen", 3), or(2, "pen", 1), rc("pen", 4)]);
    assert_eq!(
        r,
        Report {
            stock: stock(&[("pen", 1)]),
            fulfilled: vec![1, 2],
            backordered: vec![],
            cancelled: vec![],
            errors: vec![],
        }
    );
}

#[test]
fn empty_event_list() {
    let r = reconcile(&[]);
    assert!(r.stock.is_empty() && r.fulfilled.is_empty() && r.errors.is_empty());
    assert!(r.backordered.is_empty() && r.cancelled.is_empty());
}

#[test]
fn immediate_fulfilment_and_zero_quantity() {
    let r = reconcile(&[rc("a", 10), or(1, "a", 4), or(2, "a", 6), or(3, "a", 0), or(4, "b", 0)]);
    assert_eq!(r.stock, stock(&[("a", 0), ("b", 0)]));
    assert_eq!(r.fulfilled, vec![1, 2, 3, 4]);
    assert!(r.backordered.is_empty());
}

#[test]
fn strict_fifo_head_of_line_blocking() {
    let r = reconcile(&[
        or(1, "x", 10),
        or(2, "x", 1),
        or(3, "x", 2),
        rc("x", 5), // head (10) does not fit: nobody is served
        or(4, "y", 1),
        rc("x", 5), // now 10: order 1 served, then 0 left
        rc("x", 2), // order 2 (1) served, order 3 (2) needs 2, only 1 left
    ]);
    assert_eq!(r.stock, stock(&[("x", 1), ("y", 0)]));
    assert_eq!(r.fulfilled, vec![1, 2]);
    assert_eq!(r.backordered, vec![3, 4]);
}

#[test]
fn cancelling_a_waiting_head_unblocks_queue() {
    let r = reconcile(&[
        rc("k", 3),
        or(7, "k", 5),
        or(8, "k", 2),
        or(9, "k", 1),
        cx(7), // 8 and 9 can now be served from the 3 in stock
    ]);
    assert_eq!(r.stock, stock(&[("k", 0)]));
    assert_eq!(r.fulfilled, vec![8, 9]);
    assert_eq!(r.cancelled, vec![7]);
    assert!(r.backordered.is_empty());
}

#[test]
fn cancelling_fulfilled_order_returns_stock() {
    let r = reconcile(&[
        rc("m", 4),
        or(1, "m", 4),
        or(2, "m", 3),
        cx(1), // 4 back in stock: order 2 served, 1 left
        or(3, "m", 2),
    ]);
    assert_eq!(r.stock, stock(&[("m", 1)]));
    assert_eq!(r.fulfilled, vec![1, 2]);
    assert_eq!(r.cancelled, vec![1]);
    assert_eq!(r.backordered, vec![3]);
}

#[test]
fn errors_are_recorded_and_ignored() {
    let r = reconcile(&[
        or(1, "a", 1),
        or(1, "zzz", 5), // duplicate: ignored, but "zzz" is mentioned
        cx(42),
        cx(1),
        cx(1),
        or(1, "a", 1), // still a duplicate after cancellation
        rc("a", 2),
    ]);
    assert_eq!(
        r.errors,
        vec![
            (1, EventError::DuplicateOrder(1)),
            (2, EventError::UnknownOrder(42)),
            (4, EventError::AlreadyCancelled(1)),
            (5, EventError::DuplicateOrder(1)),
        ]
    );
    assert_eq!(r.stock, stock(&[("a", 2), ("zzz", 0)]));
    assert!(r.fulfilled.is_empty());
    assert_eq!(r.cancelled, vec![1]);
    assert!(r.backordered.is_empty());
}

#[test]
fn backordered_listed_in_event_order_across_skus() {
    let r = reconcile(&[
        or(30, "b", 2),
        or(10, "a", 5),
        or(20, "b", 1),
        rc("b", 2),
        or(40, "a", 1),
        cx(20),
    ]);
    assert_eq!(r.fulfilled, vec![30]);
    assert_eq!(r.backordered, vec![10, 40]);
    assert_eq!(r.cancelled, vec![20]);
    assert_eq!(r.stock, stock(&[("a", 0), ("b", 0)]));
}

#[test]
fn large_quantities_do_not_overflow() {
    let r = reconcile(&[rc("q", u32::MAX), rc("q", u32::MAX), or(1, "q", u32::MAX), rc("q", 1)]);
    assert_eq!(r.stock, stock(&[("q", u32::MAX as u64 + 1)]));
    assert_eq!(r.fulfilled, vec![1]);
}
