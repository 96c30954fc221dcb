use solution::*;

#[test]
fn empty_slice() {
    assert_eq!(lower_bound(&[], 5), 0);
    assert_eq!(upper_bound(&[], 5), 0);
    assert_eq!(count_equal(&[], 5), 0);
}

#[test]
fn example_with_duplicates() {
    let v = [1, 3, 3, 3, 7];
    assert_eq!(lower_bound(&v, 3), 1);
    assert_eq!(upper_bound(&v, 3), 4);
    assert_eq!(count_equal(&v, 3), 3);
}

#[test]
fn target_above_everything() {
    let v = [1, 3, 3, 3, 7];
    assert_eq!(lower_bound(&v, 8), 5);
    assert_eq!(upper_bound(&v, 7), 5);
    assert_eq!(lower_bound(&v, 7), 4);
    assert_eq!(count_equal(&v, 7), 1);
}

#[test]
fn target_below_and_between() {
    let v = [1, 3, 3, 3, 7];
    assert_eq!(lower_bound(&v, 0), 0);
    assert_eq!(lower_bound(&v, 1), 0);
    assert_eq!(lower_bound(&v, 5), 4);
    assert_eq!(count_equal(&v, 5), 0);
}

#[test]
fn single_element() {
    assert_eq!(lower_bound(&[4], 4), 0);
    assert_eq!(lower_bound(&[4], 5), 1);
    assert_eq!(upper_bound(&[4], 4), 1);
    assert_eq!(count_equal(&[4], 4), 1);
}

#[test]
fn matches_linear_scan() {
    let v: Vec<i32> = (0..200).map(|i| (i / 3) * 2 - 50).collect();
    for t in -60..90 {
        let lb = v.iter().position(|&x| x >= t).unwrap_or(v.len());
        let ub = v.iter().position(|&x| x > t).unwrap_or(v.len());
        assert_eq!(lower_bound(&v, t), lb, "lower_bound {t}");
        assert_eq!(upper_bound(&v, t), ub, "upper_bound {t}");
        assert_eq!(count_equal(&v, t), v.iter().filter(|&&x| x == t).count());
    }
}
