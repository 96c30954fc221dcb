use solution::*;
use std::collections::BTreeMap;

#[test]
fn digit_sum_groups() {
    let g = group_by_digit_sum(&[12, 30, 5, 21, 111]);
    let mut expected = BTreeMap::new();
    expected.insert(3, vec![12, 30, 21, 111]);
    expected.insert(5, vec![5]);
    assert_eq!(g, expected);
    let g = group_by_digit_sum(&[0, 10, 100, u32::MAX]);
    assert_eq!(g.get(&0), Some(&vec![0]));
    assert_eq!(g.get(&1), Some(&vec![10, 100]));
    assert_eq!(g.get(&(4 + 2 + 9 + 4 + 9 + 6 + 7 + 2 + 9 + 5)), Some(&vec![u32::MAX]));
    assert!(group_by_digit_sum(&[]).is_empty());
}

#[test]
fn generic_group_by_strings() {
    let words = vec!["apple", "bob", "avocado", "cat", "banana"];
    let g = group_by(&words, |w| w.chars().next().unwrap());
    assert_eq!(g.keys().copied().collect::<Vec<char>>(), vec!['a', 'b', 'c']);
    assert_eq!(g[&'a'], vec!["apple", "avocado"]);
    assert_eq!(g[&'b'], vec!["bob", "banana"]);
    let by_len = group_by(&words, |w| w.len());
    assert_eq!(by_len[&3], vec!["bob", "cat"]);
}

#[test]
fn generic_group_by_structs() {
    #[derive(Clone, Debug, PartialEq)]
    struct Sale {
        region: &'static str,
        amount: u32,
    }
    let sales = vec![
        Sale { region: "north", amount: 10 },
        Sale { region: "south", amount: 5 },
        Sale { region: "north", amount: 7 },
    ];
    let g = group_by(&sales, |s| s.region);
    assert_eq!(g["north"].iter().map(|s| s.amount).collect::<Vec<_>>(), vec![10, 7]);
    assert_eq!(g["south"].len(), 1);
}

#[test]
fn counting() {
    let v = [1, 2, 3, 4, 5, 6, 7];
    let c = count_by(&v, |x| x % 3);
    let expected: BTreeMap<i32, usize> = [(0, 2), (1, 3), (2, 2)].into_iter().collect();
    assert_eq!(c, expected);
    let e: [u8; 0] = [];
    assert!(count_by(&e, |x| *x).is_empty());
    let words = ["a", "bb", "cc", "d"];
    let c = count_by(&words, |w| w.len());
    assert_eq!(c[&1], 2);
    assert_eq!(c[&2], 2);
}

#[test]
fn parity_with_negatives() {
    assert_eq!(split_by_parity(&[3, -4, -3, 0]), (vec![-4, 0], vec![3, -3]));
    assert_eq!(split_by_parity(&[i64::MIN, i64::MAX, -1]), (vec![i64::MIN], vec![i64::MAX, -1]));
    assert_eq!(split_by_parity(&[]), (vec![], vec![]));
    assert_eq!(split_by_parity(&[-7, -5, -2]), (vec![-2], vec![-7, -5]));
}
