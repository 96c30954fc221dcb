use solution::*;

fn example() -> Vec<Vec<i32>> {
    vec![vec![1, 4, 7], vec![2, 4], vec![], vec![0, 9]]
}

#[test]
fn merge_example() {
    assert_eq!(merge_sorted(&example()), vec![0, 1, 2, 4, 4, 7, 9]);
    assert_eq!(merge_dedup(&example()), vec![0, 1, 2, 4, 7, 9]);
}

#[test]
fn source_tie_breaking() {
    assert_eq!(
        merge_with_source(&example()),
        vec![(0, 3), (1, 0), (2, 1), (4, 0), (4, 1), (7, 0), (9, 3)]
    );
    let lists = vec![vec![5, 5], vec![5], vec![1, 5]];
    assert_eq!(
        merge_with_source(&lists),
        vec![(1, 2), (5, 0), (5, 0), (5, 1), (5, 2)]
    );
}

#[test]
fn empty_inputs() {
    assert_eq!(merge_sorted(&[]), Vec::<i32>::new());
    assert_eq!(merge_sorted(&[vec![], vec![]]), Vec::<i32>::new());
    assert_eq!(merge_with_source(&[vec![]]), vec![]);
    assert_eq!(merge_dedup(&[]), Vec::<i32>::new());
}

#[test]
fn single_list_and_negatives() {
    assert_eq!(merge_sorted(&[vec![-3, -3, 0, 8]]), vec![-3, -3, 0, 8]);
    assert_eq!(merge_dedup(&[vec![-3, -3, 0, 8], vec![-3, 8]]), vec![-3, 0, 8]);
    assert_eq!(
        merge_sorted(&[vec![i32::MIN, i32::MAX], vec![i32::MIN, 0]]),
        vec![i32::MIN, i32::MIN, 0, i32::MAX]
    );
}

#[test]
fn many_lists() {
    let lists: Vec<Vec<i32>> = (0..500)
        .map(|i| (0..400).map(|j| j * 500 + (i * 7919) % 500).collect())
        .collect();
    let merged = merge_sorted(&lists);
    assert_eq!(merged.len(), 200_000);
    assert!(merged.windows(2).all(|w| w[0] <= w[1]));
    let mut expected: Vec<i32> = lists.concat();
    expected.sort();
    assert_eq!(merged, expected);
    let with_src = merge_with_source(&lists);
    assert!(with_src
        .windows(2)
        .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 <= w[1].1)));
}
