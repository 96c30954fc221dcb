use solution::*;

#[test]
fn first_terms() {
    assert_eq!(Fib::new().take(10).collect::<Vec<_>>(), vec![0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
}

#[test]
fn full_sequence_stops_before_overflow() {
    let all: Vec<u64> = Fib::new().collect();
    assert_eq!(all.len(), 94);
    assert_eq!(*all.last().unwrap(), 12_200_160_415_121_876_738);
    assert_eq!(all[92], 7_540_113_804_746_346_429);
    let mut f = Fib::new();
    for _ in 0..94 {
        assert!(f.next().is_some());
    }
    assert_eq!(f.next(), None);
    assert_eq!(f.next(), None);
}

#[test]
fn custom_start() {
    assert_eq!(Fib::starting(2, 1).take(5).collect::<Vec<_>>(), vec![2, 1, 3, 4, 7]);
    assert_eq!(Fib::starting(0, 0).take(3).collect::<Vec<_>>(), vec![0, 0, 0]);
    assert_eq!(Fib::starting(u64::MAX, 1).collect::<Vec<_>>(), vec![u64::MAX, 1]);
    assert_eq!(Fib::starting(1, u64::MAX).collect::<Vec<_>>(), vec![1, u64::MAX]);
    assert_eq!(Fib::starting(5, u64::MAX - 5).collect::<Vec<_>>(), vec![5, u64::MAX - 5, u64::MAX]);
}

#[test]
fn nth_values() {
    assert_eq!(nth_fib(0), Some(0));
    assert_eq!(nth_fib(1), Some(1));
    assert_eq!(nth_fib(10), Some(55));
    assert_eq!(nth_fib(50), Some(12_586_269_025));
    assert_eq!(nth_fib(93), Some(12_200_160_415_121_876_738));
    assert_eq!(nth_fib(94), None);
    assert_eq!(nth_fib(1000), None);
}

#[test]
fn upto_limit() {
    assert_eq!(fib_upto(0), vec![0]);
    assert_eq!(fib_upto(1), vec![0, 1, 1]);
    assert_eq!(fib_upto(10), vec![0, 1, 1, 2, 3, 5, 8]);
    assert_eq!(fib_upto(13), vec![0, 1, 1, 2, 3, 5, 8, 13]);
    assert_eq!(fib_upto(u64::MAX).len(), 94);
}

#[test]
fn index_lookup() {
    assert_eq!(fib_index_of(0), Some(0));
    assert_eq!(fib_index_of(1), Some(1));
    assert_eq!(fib_index_of(2), Some(3));
    assert_eq!(fib_index_of(144), Some(12));
    assert_eq!(fib_index_of(4), None);
    assert_eq!(fib_index_of(12_200_160_415_121_876_738), Some(93));
    assert_eq!(fib_index_of(u64::MAX), None);
}
