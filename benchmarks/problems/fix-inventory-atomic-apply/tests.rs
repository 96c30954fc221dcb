use solution::*;

#[test]
fn add_accumulates() {
    let mut inv = Inventory::new();
    inv.add("bolt", 5);
    inv.add("bolt", 3);
    assert_eq!(inv.quantity("bolt"), 8);
    assert_eq!(inv.quantity("nut"), 0);
    assert_eq!(inv.distinct_items(), 1);
}

#[test]
fn add_zero_creates_nothing() {
    let mut inv = Inventory::new();
    inv.add("ghost", 0);
    assert_eq!(inv.distinct_items(), 0);
    assert_eq!(inv.remove("ghost", 0), Err(InvError::Unknown("ghost".to_string())));
}

#[test]
fn remove_to_zero_drops_item() {
    let mut inv = Inventory::new();
    inv.add("bolt", 4);
    assert_eq!(inv.remove("bolt", 1), Ok(()));
    assert_eq!(inv.quantity("bolt"), 3);
    assert_eq!(inv.remove("bolt", 3), Ok(()));
    assert_eq!(inv.distinct_items(), 0);
    assert_eq!(inv.remove("bolt", 1), Err(InvError::Unknown("bolt".to_string())));
}

#[test]
fn insufficient_changes_nothing() {
    let mut inv = Inventory::new();
    inv.add("gear", 2);
    assert_eq!(
        inv.remove("gear", 5),
        Err(InvError::Insufficient { item: "gear".to_string(), have: 2, want: 5 })
    );
    assert_eq!(inv.quantity("gear"), 2);
}

#[test]
fn apply_success() {
    let mut inv = Inventory::new();
    inv.add("bolt", 8);
    assert_eq!(inv.apply(&[("bolt", -8), ("nut", 2), ("washer", 0)]), Ok(()));
    assert_eq!(inv.quantity("nut"), 2);
    assert_eq!(inv.quantity("bolt"), 0);
    assert_eq!(inv.distinct_items(), 1);
}

#[test]
fn apply_is_all_or_nothing() {
    let mut inv = Inventory::new();
    inv.add("a", 1);
    inv.add("b", 10);
    let err = inv.apply(&[("a", 5), ("b", -3), ("c", 7), ("a", -100), ("b", -1)]);
    assert_eq!(err, Err(InvError::Insufficient { item: "a".to_string(), have: 6, want: 100 }));
    assert_eq!(inv.quantity("a"), 1);
    assert_eq!(inv.quantity("b"), 10);
    assert_eq!(inv.quantity("c"), 0);
    assert_eq!(inv.distinct_items(), 2);
}

#[test]
fn apply_sees_its_own_earlier_operations() {
    let mut inv = Inventory::new();
    assert_eq!(inv.apply(&[("x", 3), ("x", -3), ("x", -1)]), Err(InvError::Unknown("x".to_string())));
    assert_eq!(inv.distinct_items(), 0);
    assert_eq!(inv.apply(&[("x", 3), ("x", -2)]), Ok(()));
    assert_eq!(inv.quantity("x"), 1);
}
