use solution::*;

fn items(list: &[(u32, u32)]) -> Vec<Item> {
    list.iter().map(|&(weight, value)| Item { weight, value }).collect()
}

fn packing(value: u64, weight: u64, chosen: &[usize]) -> Packing {
    Packing { value, weight, chosen: chosen.to_vec() }
}

#[test]
fn example_from_statement() {
    let it = items(&[(5, 10), (4, 7), (3, 5), (2, 3)]);
    assert_eq!(best_packing(&it, 7), packing(13, 7, &[0, 3]));
}

#[test]
fn nothing_fits_or_no_items() {
    assert_eq!(best_packing(&[], 10), packing(0, 0, &[]));
    assert_eq!(best_packing(&items(&[(5, 9), (6, 2)]), 4), packing(0, 0, &[]));
    assert_eq!(best_packing(&items(&[(1, 9)]), 0), packing(0, 0, &[]));
}

#[test]
fn zero_value_items_are_not_chosen() {
    assert_eq!(best_packing(&items(&[(1, 0), (2, 5), (1, 0)]), 10), packing(5, 2, &[1]));
}

#[test]
fn min_weight_breaks_value_ties() {
    // capacity 6: {2} has value 10 and weight 6; {3,4} has value 10 and weight 5
    let it = items(&[(4, 5), (4, 5), (6, 10), (2, 4), (3, 6)]);
    assert_eq!(best_packing(&it, 6), packing(10, 5, &[3, 4]));
    assert_eq!(best_packing(&it, 11), packing(20, 11, &[2, 3, 4]));
}

#[test]
fn lexicographic_index_tie_break() {
    // every pair of equal items is interchangeable
    let it = items(&[(3, 4), (3, 4), (3, 4), (3, 4)]);
    assert_eq!(best_packing(&it, 7), packing(8, 6, &[0, 1]));
    // [0, 3] beats [1, 2] even though both have value 6 weight 4
    let it = items(&[(1, 2), (2, 3), (2, 3), (3, 4)]);
    assert_eq!(best_packing(&it, 4), packing(6, 4, &[0, 3]));
    // a longer list starting with a smaller index wins: [0, 1, 2] < [0, 3]
    let it = items(&[(1, 1), (1, 1), (1, 1), (2, 2), (5, 1)]);
    assert_eq!(best_packing(&it, 3), packing(3, 3, &[0, 1, 2]));
    // [0] < [1, 2] (same value and weight)
    let it = items(&[(2, 3), (1, 2), (1, 1), (9, 9), (1, 0)]);
    assert_eq!(best_packing(&it, 2), packing(3, 2, &[0]));
    assert_eq!(best_packing(&it, 3), packing(5, 3, &[0, 1]));
}

#[test]
fn greedy_by_ratio_is_wrong() {
    let it = items(&[(6, 30), (5, 20), (5, 20)]);
    assert_eq!(best_packing(&it, 10), packing(40, 10, &[1, 2]));
}

#[test]
fn larger_instance() {
    let mut list = Vec::new();
    for i in 0..200u32 {
        let w = 1 + (i * 37 % 97);
        let v = 1 + (i * 53 % 101);
        list.push((w, v));
    }
    let it = items(&list);
    let p = best_packing(&it, 5000);
    let w: u64 = p.chosen.iter().map(|&i| it[i].weight as u64).sum();
    let v: u64 = p.chosen.iter().map(|&i| it[i].value as u64).sum();
    assert_eq!(w, p.weight);
    assert_eq!(v, p.value);
    assert!(p.weight <= 5000);
    assert!(p.chosen.windows(2).all(|x| x[0] < x[1]));
    assert_eq!(p.value, EXPECTED_LARGE);
    assert_eq!(p.weight, 4998);
}

const EXPECTED_LARGE: u64 = 8110;
