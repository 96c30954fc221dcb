use solution::*;

const P: [(u32, u32); 3] = [(1, 3), (2, 2), (5, 1)];

#[test]
fn examples_from_statement() {
    assert_eq!(count_ways(5, &P), 3);
    assert_eq!(count_ways(2, &P), 2);
    assert_eq!(fewest_coins(9, &P), Some(3));
    assert_eq!(fewest_coins(13, &P), None);
}

#[test]
fn full_table_small_purse() {
    let ways: Vec<u64> = (0..14).map(|a| count_ways(a, &P)).collect();
    assert_eq!(ways, vec![1, 1, 2, 2, 2, 3, 2, 3, 2, 2, 2, 1, 1, 0]);
    let fewest: Vec<Option<u32>> = (0..14).map(|a| fewest_coins(a, &P)).collect();
    let expected = [0, 1, 1, 2, 2, 1, 2, 2, 3, 3, 4, 5, 6];
    for (a, want) in expected.iter().enumerate() {
        assert_eq!(fewest[a], Some(*want), "amount {a}");
    }
    assert_eq!(fewest[13], None);
}

#[test]
fn zero_amount_and_empty_purse() {
    assert_eq!(count_ways(0, &[]), 1);
    assert_eq!(fewest_coins(0, &[]), Some(0));
    assert_eq!(count_ways(3, &[]), 0);
    assert_eq!(fewest_coins(3, &[]), None);
    assert_eq!(count_ways(0, &[(5, 0)]), 1);
    assert_eq!(count_ways(5, &[(5, 0)]), 0);
}

#[test]
fn duplicate_denominations_merge() {
    // three 5s total, however they are listed
    assert_eq!(count_ways(15, &[(5, 1), (5, 2)]), 1);
    assert_eq!(count_ways(15, &[(5, 3)]), 1);
    assert_eq!(count_ways(20, &[(5, 1), (5, 2)]), 0);
    assert_eq!(fewest_coins(15, &[(5, 1), (5, 1), (5, 1)]), Some(3));
    let p = [(3, 4), (7, 2), (3, 1), (11, 3), (2, 5)];
    let ways: Vec<u64> = (0..80).step_by(7).map(|a| count_ways(a, &p)).collect();
    assert_eq!(ways, vec![1, 2, 5, 7, 10, 10, 10, 8, 6, 3, 1, 0]);
    let fewest: Vec<Option<u32>> = (0..80).step_by(7).map(|a| fewest_coins(a, &p)).collect();
    let want = [0, 1, 2, 3, 4, 4, 5, 6, 8, 11, 14];
    for (i, w) in want.iter().enumerate() {
        assert_eq!(fewest[i], Some(*w));
    }
    assert_eq!(fewest[11], None);
}

#[test]
fn limited_supply_defeats_greedy() {
    // unlimited-supply answer for 2000 would be 20 coins of 100
    let p = [(1, 1000), (2, 400), (5, 300), (10, 100), (25, 40), (50, 20), (100, 9)];
    assert_eq!(count_ways(2000, &p), 7_669_219);
    assert_eq!(fewest_coins(2000, &p), Some(33));
    assert_eq!(fewest_coins(1999, &p), Some(36));
    assert_eq!(fewest_coins(3299, &p), Some(111));
    assert_eq!(fewest_coins(3305, &p), Some(110));
    assert_eq!(fewest_coins(7200, &p), Some(1869));
    assert_eq!(fewest_coins(7201, &p), None);
}

#[test]
fn large_counts_need_an_efficient_method() {
    let p = [(1, 1_000_000), (2, 1_000_000), (3, 777_777), (7, 50_000), (13, 9_999), (100, 5)];
    assert_eq!(count_ways(100_000, &p), 164_251_383);
    assert_eq!(fewest_coins(100_000, &p), Some(7661));
}

#[test]
fn parity_constraints() {
    let p = [(4, 1_000_000), (6, 1_000_000), (9, 3)];
    assert_eq!(count_ways(99_999, &p), 16_665);
    assert_eq!(fewest_coins(99_999, &p), Some(16_665));
    assert_eq!(fewest_coins(99_998, &p), Some(16_666));
    assert_eq!(count_ways(1, &p), 0);
    assert_eq!(fewest_coins(1, &p), None);
}
