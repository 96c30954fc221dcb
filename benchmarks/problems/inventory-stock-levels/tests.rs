use solution::*;

fn stocked() -> Inventory {
    let mut inv = Inventory::new();
    inv.add("bolt", 50);
    inv.add("nut", 5);
    inv.add("gear", 2);
    inv.add("axle", 5);
    inv
}

#[test]
fn adding() {
    let mut inv = Inventory::new();
    assert_eq!(inv.add("bolt", 10), 10);
    assert_eq!(inv.add("bolt", 5), 15);
    assert_eq!(inv.quantity("bolt"), 15);
    assert_eq!(inv.quantity("nope"), 0);
    assert_eq!(inv.add("ghost", 0), 0);
    assert_eq!(inv.skus(), vec!["bolt".to_string()]);
    assert_eq!(inv.add("bolt", u32::MAX), u32::MAX);
}

#[test]
fn removing() {
    let mut inv = stocked();
    assert_eq!(inv.remove("bolt", 20), Ok(30));
    assert_eq!(inv.remove("zzz", 1), Err(StockError::UnknownSku("zzz".to_string())));
    assert_eq!(
        inv.remove("gear", 3),
        Err(StockError::Insufficient { sku: "gear".to_string(), requested: 3, available: 2 })
    );
    assert_eq!(inv.quantity("gear"), 2);
    assert_eq!(inv.remove("gear", 2), Ok(0));
    assert_eq!(inv.quantity("gear"), 0);
    assert!(!inv.skus().contains(&"gear".to_string()));
    assert_eq!(inv.remove("gear", 0), Err(StockError::UnknownSku("gear".to_string())));
}

#[test]
fn listing_and_totals() {
    let inv = stocked();
    assert_eq!(inv.skus(), vec!["axle", "bolt", "gear", "nut"]);
    assert_eq!(inv.total_units(), 62);
    assert_eq!(
        inv.low_stock(6),
        vec![("gear".to_string(), 2), ("axle".to_string(), 5), ("nut".to_string(), 5)]
    );
    assert_eq!(inv.low_stock(2), vec![]);
    assert_eq!(Inventory::new().total_units(), 0);
}

#[test]
fn total_units_large() {
    let mut inv = Inventory::new();
    inv.add("a", u32::MAX);
    inv.add("b", u32::MAX);
    assert_eq!(inv.total_units(), 2 * u32::MAX as u64);
}

#[test]
fn fulfil_success() {
    let mut inv = stocked();
    assert_eq!(inv.fulfil(&[("bolt", 10), ("gear", 2), ("bolt", 5)]), Ok(()));
    assert_eq!(inv.quantity("bolt"), 35);
    assert_eq!(inv.skus(), vec!["axle", "bolt", "nut"]);
    assert_eq!(inv.fulfil(&[]), Ok(()));
}

#[test]
fn fulfil_is_atomic() {
    let mut inv = stocked();
    assert_eq!(
        inv.fulfil(&[("bolt", 10), ("nut", 3), ("nut", 3), ("gear", 9)]),
        Err(StockError::Insufficient { sku: "nut".to_string(), requested: 6, available: 5 })
    );
    assert_eq!(
        inv.fulfil(&[("bolt", 10), ("washer", 1), ("gear", 9)]),
        Err(StockError::UnknownSku("washer".to_string()))
    );
    assert_eq!(inv.quantity("bolt"), 50);
    assert_eq!(inv.quantity("nut"), 5);
    assert_eq!(inv.total_units(), 62);
}
