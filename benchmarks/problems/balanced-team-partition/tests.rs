use solution::*;

fn lcg(seed: u64, n: usize, modulus: u64) -> Vec<u32> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((x >> 33) % modulus) as u32
        })
        .collect()
}

#[test]
fn examples_from_statement() {
    assert_eq!(min_difference_any(&[10, 1, 1, 1]), 7);
    assert_eq!(min_difference_balanced(&[10, 1, 1, 1]), 9);
    assert_eq!(min_difference_balanced(&[1, 2, 3, 4]), 0);
    assert_eq!(min_difference_any(&[5]), 5);
    assert_eq!(min_difference_balanced(&[5]), 5);
}

#[test]
fn empty_and_pairs() {
    assert_eq!(min_difference_any(&[]), 0);
    assert_eq!(min_difference_balanced(&[]), 0);
    assert_eq!(min_difference_any(&[3, 3]), 0);
    assert_eq!(min_difference_balanced(&[3, 8]), 5);
    assert_eq!(min_difference_any(&[0, 0, 0]), 0);
}

#[test]
fn size_constraint_changes_the_answer() {
    assert_eq!(min_difference_any(&[1, 1, 1, 1, 1, 10]), 5);
    assert_eq!(min_difference_balanced(&[1, 1, 1, 1, 1, 10]), 9);
    assert_eq!(min_difference_any(&[8, 8, 8, 1, 1, 1]), 5);
    assert_eq!(min_difference_balanced(&[8, 8, 8, 1, 1, 1]), 7);
    let v = [100, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 96];
    assert_eq!(min_difference_any(&v), 0);
    assert_eq!(min_difference_balanced(&v), 4);
}

#[test]
fn odd_count_allows_either_bigger_team() {
    assert_eq!(min_difference_balanced(&[7, 3, 2, 2, 1, 9, 4]), 0);
    let mut v = vec![2u32; 19];
    v.push(40);
    assert_eq!(min_difference_any(&v), 2);
    assert_eq!(min_difference_balanced(&v), 38);
    let mut w = vec![1000u32; 3];
    w.extend(std::iter::repeat(1).take(27));
    assert_eq!(min_difference_any(&w), 973);
    assert_eq!(min_difference_balanced(&w), 999);
}

#[test]
fn thirty_players() {
    let a: Vec<u32> = lcg(5, 30, 500).into_iter().map(|x| x + 1).collect();
    assert_eq!(min_difference_any(&a), 1);
    assert_eq!(min_difference_balanced(&a), 1);
    let mut c = vec![500u32; 29];
    c.push(1);
    assert_eq!(min_difference_any(&c), 499);
    assert_eq!(min_difference_balanced(&c), 499);
    let e: Vec<u32> = lcg(8, 29, 500).into_iter().map(|x| x + 1).collect();
    assert_eq!(min_difference_any(&e), 0);
    assert_eq!(min_difference_balanced(&e), 0);
}

#[test]
fn thirty_odd_skills() {
    let d: Vec<u32> = lcg(21, 30, 250).into_iter().map(|x| 2 * x + 1).collect();
    assert_eq!(min_difference_any(&d), 0);
    assert_eq!(min_difference_balanced(&d), 2);
}
