use solution::*;

#[test]
fn single_and_empty() {
    assert_eq!(transform(&[7]), "7");
    assert_eq!(transform(&[]), "");
}

#[test]
fn pairs_are_not_ranges() {
    assert_eq!(transform(&[0, 1]), "0,1");
    assert_eq!(transform(&[0, 1, 2]), "0-2");
}

#[test]
fn mixed_runs() {
    assert_eq!(transform(&[1, 3, 4, 5, 6, 8, 9, 11, 12, 13]), "1,3-6,8,9,11-13");
    assert_eq!(transform(&[2, 4, 5, 7, 8, 9, 10]), "2,4,5,7-10");
}

#[test]
fn top_of_range() {
    assert_eq!(transform(&[4294967293, 4294967294, 4294967295]), "4294967293-4294967295");
}

#[test]
fn long_run() {
    let v: Vec<u32> = (10..=1000).collect();
    assert_eq!(transform(&v), "10-1000");
}
