use solution::*;

fn lcg(seed: u64, n: usize, modulus: u64, offset: i64) -> Vec<i64> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((x >> 33) % modulus) as i64 - offset
        })
        .collect()
}

#[test]
fn examples_from_statement() {
    assert_eq!(smallest_longest_increasing(&[3, 1, 2, 8, 5, 6, 4]), vec![1, 2, 5, 6]);
    assert_eq!(smallest_longest_increasing(&[5, 4, 3]), vec![3]);
    assert_eq!(longest_non_decreasing_len(&[2, 2, 1, 2]), 3);
}

#[test]
fn empty_and_single() {
    assert_eq!(smallest_longest_increasing(&[]), Vec::<i64>::new());
    assert_eq!(longest_non_decreasing_len(&[]), 0);
    assert_eq!(smallest_longest_increasing(&[7]), vec![7]);
    assert_eq!(longest_non_decreasing_len(&[7]), 1);
}

#[test]
fn equal_values_strict_vs_non_strict() {
    assert_eq!(smallest_longest_increasing(&[2, 2, 2]), vec![2]);
    assert_eq!(longest_non_decreasing_len(&[2, 2, 2]), 3);
    assert_eq!(smallest_longest_increasing(&[4, 10, 4, 3, 8, 9]), vec![3, 8, 9]);
    assert_eq!(longest_non_decreasing_len(&[4, 10, 4, 3, 8, 9]), 4);
}

#[test]
fn lexicographic_choice_is_not_first_or_last_found() {
    assert_eq!(smallest_longest_increasing(&[1, 5, 2, 6, 3, 7, 4]), vec![1, 2, 3, 4]);
    assert_eq!(smallest_longest_increasing(&[10, 9, 2, 5, 3, 7, 101, 18]), vec![2, 3, 7, 18]);
    assert_eq!(smallest_longest_increasing(&[6, 7, 1, 2, 8, 3, 9]), vec![1, 2, 3, 9]);
    assert_eq!(
        smallest_longest_increasing(&[0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]),
        vec![0, 2, 6, 9, 11, 15]
    );
}

#[test]
fn extreme_values() {
    let v = [-5, i64::MIN, i64::MAX, -1, 0, -1, 3];
    assert_eq!(smallest_longest_increasing(&v), vec![i64::MIN, -1, 0, 3]);
    assert_eq!(longest_non_decreasing_len(&v), 4);
    assert_eq!(longest_non_decreasing_len(&[i64::MAX, i64::MIN, i64::MIN, i64::MAX]), 3);
}

#[test]
fn medium_pseudo_random_canonical() {
    let v = lcg(7, 300, 1000, 500);
    assert_eq!(
        smallest_longest_increasing(&v),
        vec![
            -490, -426, -367, -348, -335, -322, -317, -300, -295, -290, -267, -218, -147, -117,
            -64, -26, 48, 106, 129, 131, 155, 184, 198, 215, 283, 329, 336, 441, 454
        ]
    );
    let w = lcg(3, 3000, 1_000_000, 0);
    let s = smallest_longest_increasing(&w);
    assert!(s.windows(2).all(|p| p[0] < p[1]));
}

#[test]
fn large_inputs_need_n_log_n() {
    assert_eq!(longest_non_decreasing_len(&lcg(11, 200_000, 1_000_000, 0)), 888);
    assert_eq!(longest_non_decreasing_len(&lcg(13, 200_000, 50, 0)), 4845);
    let sorted: Vec<i64> = (0..200_000).map(|i| i / 3).collect();
    assert_eq!(longest_non_decreasing_len(&sorted), 200_000);
    let rev: Vec<i64> = (0..200_000).rev().collect();
    assert_eq!(longest_non_decreasing_len(&rev), 1);
}
