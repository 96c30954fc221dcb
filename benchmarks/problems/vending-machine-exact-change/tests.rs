use solution::*;

#[test]
fn example_from_statement() {
    let mut m = VendingMachine::new(&[(25, 2), (10, 1), (5, 0)], &[("cola", 65, 2)]);
    assert_eq!(m.insert(25), Ok(25));
    assert_eq!(m.insert(25), Ok(50));
    assert_eq!(m.insert(25), Ok(75));
    assert_eq!(m.select("cola"), Ok(vec![10]));
    assert_eq!(m.credit(), 0);
    assert_eq!(m.coins(25), 5);
    assert_eq!(m.coins(10), 0);
    assert_eq!(m.stock("cola"), 1);
    for _ in 0..3 {
        m.insert(25).unwrap();
    }
    assert_eq!(m.select("cola"), Err(VendError::CannotMakeChange { change: 10 }));
    assert_eq!(m.coins(25), 5);
    assert_eq!(m.credit(), 75);
    assert_eq!(m.stock("cola"), 1);
    assert_eq!(m.cancel(), vec![25, 25, 25]);
    assert_eq!(m.credit(), 0);
}

#[test]
fn unknown_coins_and_queries() {
    let mut m = VendingMachine::new(&[(5, 0), (10, 3), (5, 2)], &[("gum", 5, 0)]);
    assert_eq!(m.insert(3), Err(VendError::UnknownCoin(3)));
    assert_eq!(m.credit(), 0);
    assert_eq!(m.coins(5), 2);
    assert_eq!(m.coins(7), 0);
    assert_eq!(m.stock("gum"), 0);
    assert_eq!(m.stock("nothing"), 0);
    assert_eq!(m.insert(5), Ok(5));
    assert_eq!(m.coins(5), 2); // escrow is not in the box
    assert_eq!(m.cancel(), vec![5]);
    assert_eq!(m.cancel(), Vec::<u32>::new());
}

#[test]
fn error_order_and_no_side_effects() {
    let mut m = VendingMachine::new(&[(1, 0), (2, 0)], &[("a", 3, 0), ("b", 3, 1)]);
    m.insert(2).unwrap();
    assert_eq!(m.select("zzz"), Err(VendError::UnknownProduct("zzz".into())));
    assert_eq!(m.select("a"), Err(VendError::SoldOut("a".into())));
    assert_eq!(m.select("b"), Err(VendError::InsufficientCredit { price: 3, credit: 2 }));
    m.insert(2).unwrap();
    assert_eq!(m.select("b"), Err(VendError::CannotMakeChange { change: 1 }));
    assert_eq!(m.coins(2), 0);
    assert_eq!(m.credit(), 4);
    m.insert(1).unwrap();
    // credit 5, price 3: change 2 can be paid with one of the inserted 2s
    assert_eq!(m.select("b"), Ok(vec![2]));
    assert_eq!(m.coins(2), 1);
    assert_eq!(m.coins(1), 1);
    assert_eq!(m.stock("b"), 0);
}

#[test]
fn exact_payment_gives_no_change() {
    let mut m = VendingMachine::new(&[(50, 0)], &[("chips", 100, 3)]);
    m.insert(50).unwrap();
    m.insert(50).unwrap();
    assert_eq!(m.select("chips"), Ok(vec![]));
    assert_eq!(m.coins(50), 2);
    assert_eq!(m.stock("chips"), 2);
}

#[test]
fn fewest_coins_beats_greedy() {
    let mut m = VendingMachine::new(&[(4, 5), (3, 5), (1, 5), (20, 0)], &[("x", 14, 9)]);
    m.insert(20).unwrap();
    // change 6: greedy would give 4+1+1; optimal is 3+3
    assert_eq!(m.select("x"), Ok(vec![3, 3]));
    let mut m = VendingMachine::new(&[(25, 1), (10, 5), (1, 10), (100, 0)], &[("y", 70, 1)]);
    m.insert(100).unwrap();
    assert_eq!(m.select("y"), Ok(vec![10, 10, 10]));
}

#[test]
fn ties_prefer_larger_denominations() {
    // change 7 = 5+2 = 4+3: both two coins, take the one with a 5
    let mut m = VendingMachine::new(&[(2, 3), (3, 3), (4, 3), (5, 3), (10, 0)], &[("t", 3, 5)]);
    m.insert(10).unwrap();
    assert_eq!(m.select("t"), Ok(vec![5, 2]));
    // without 5s left the answer becomes 4+3
    let mut m = VendingMachine::new(&[(2, 3), (3, 3), (4, 3), (5, 0), (10, 0)], &[("t", 3, 5)]);
    m.insert(10).unwrap();
    assert_eq!(m.select("t"), Ok(vec![4, 3]));
}

#[test]
fn limited_supply_changes_the_answer() {
    let mut m = VendingMachine::new(&[(10, 1), (5, 1), (1, 10), (50, 0)], &[("p", 22, 3)]);
    m.insert(50).unwrap();
    // change 28 exceeds the 10 + 5 + ten 1s = 25 available below 50
    assert_eq!(m.select("p"), Err(VendError::CannotMakeChange { change: 28 }));
    m.insert(50).unwrap();
    // credit 100, change 78: even using an escrow 50, the remaining 28 cannot be paid
    assert_eq!(m.select("p"), Err(VendError::CannotMakeChange { change: 78 }));
    assert_eq!(m.cancel(), vec![50, 50]);
    m.insert(1).unwrap();
    for _ in 0..3 {
        m.insert(10).unwrap();
    }
    // credit 31, change 9: the 5 and four 1s (the inserted 1 may be used too)
    assert_eq!(m.select("p"), Ok(vec![5, 1, 1, 1, 1]));
    assert_eq!(m.coins(10), 4);
    assert_eq!(m.coins(5), 0);
    assert_eq!(m.coins(1), 7);
}
