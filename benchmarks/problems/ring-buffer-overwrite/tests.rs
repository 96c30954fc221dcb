use solution::*;

fn contents<T: Clone>(r: &RingBuffer<T>) -> Vec<T> {
    r.iter().cloned().collect()
}

#[test]
fn fill_and_overwrite() {
    let mut r = RingBuffer::with_capacity(3);
    assert_eq!(r.push(1), None);
    assert_eq!(r.push(2), None);
    assert_eq!(r.push(3), None);
    assert!(r.is_full());
    assert_eq!(r.push(4), Some(1));
    assert_eq!(r.push(5), Some(2));
    assert_eq!(contents(&r), vec![3, 4, 5]);
    assert_eq!(r.len(), 3);
    assert_eq!(r.capacity(), 3);
}

#[test]
fn empty_buffer() {
    let mut r: RingBuffer<i32> = RingBuffer::with_capacity(2);
    assert!(r.is_empty());
    assert!(!r.is_full());
    assert_eq!(r.pop_oldest(), None);
    assert_eq!(r.pop_newest(), None);
    assert_eq!(r.get(0), None);
    assert_eq!(contents(&r), Vec::<i32>::new());
}

#[test]
#[should_panic]
fn zero_capacity_panics() {
    let _r: RingBuffer<u8> = RingBuffer::with_capacity(0);
}

#[test]
fn pops_from_both_ends() {
    let mut r = RingBuffer::with_capacity(4);
    for i in 1..=6 {
        r.push(i);
    }
    // contents 3 4 5 6
    assert_eq!(r.pop_oldest(), Some(3));
    assert_eq!(r.pop_newest(), Some(6));
    assert_eq!(contents(&r), vec![4, 5]);
    r.push(7);
    r.push(8);
    assert_eq!(r.push(9), Some(4));
    assert_eq!(contents(&r), vec![5, 7, 8, 9]);
    assert_eq!(r.pop_newest(), Some(9));
    assert_eq!(r.pop_newest(), Some(8));
    assert_eq!(r.pop_newest(), Some(7));
    assert_eq!(r.pop_newest(), Some(5));
    assert_eq!(r.pop_newest(), None);
    assert!(r.is_empty());
}

#[test]
fn indexing_from_oldest() {
    let mut r = RingBuffer::with_capacity(3);
    for i in 10..15 {
        r.push(i);
    }
    assert_eq!(r.get(0), Some(&12));
    assert_eq!(r.get(2), Some(&14));
    assert_eq!(r.get(3), None);
}

#[test]
fn capacity_one() {
    let mut r = RingBuffer::with_capacity(1);
    assert_eq!(r.push('a'), None);
    assert_eq!(r.push('b'), Some('a'));
    assert_eq!(r.push('c'), Some('b'));
    assert_eq!(contents(&r), vec!['c']);
    assert_eq!(r.pop_oldest(), Some('c'));
    assert_eq!(r.push('d'), None);
}

#[test]
fn non_clone_items_and_long_run() {
    struct NoClone(u32);
    let mut r = RingBuffer::with_capacity(5);
    let mut evicted = 0;
    for i in 0..10_000u32 {
        if let Some(NoClone(v)) = r.push(NoClone(i)) {
            assert_eq!(v, i - 5);
            evicted += 1;
        }
        if i % 7 == 0 {
            r.pop_oldest();
        }
    }
    assert!(evicted > 0);
    let last: Vec<u32> = r.iter().map(|x| x.0).collect();
    assert_eq!(last.last(), Some(&9999));
    assert!(last.windows(2).all(|w| w[1] == w[0] + 1));
}
