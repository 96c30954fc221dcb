use solution::*;
use std::collections::VecDeque;

fn items<T: Clone>(rb: &RingBuffer<T>) -> Vec<T> {
    rb.iter().cloned().collect()
}

#[test]
fn fill_without_overwrite() {
    let mut rb = RingBuffer::new(3);
    assert!(rb.is_empty());
    assert_eq!(rb.push(1), None);
    assert_eq!(rb.push(2), None);
    assert_eq!(rb.push(3), None);
    assert!(rb.is_full());
    assert_eq!(rb.len(), 3);
    assert_eq!(items(&rb), vec![1, 2, 3]);
}

#[test]
fn overwrite_evicts_oldest_in_order() {
    let mut rb = RingBuffer::new(3);
    for i in 1..=3 {
        rb.push(i);
    }
    assert_eq!(rb.push(4), Some(1));
    assert_eq!(items(&rb), vec![2, 3, 4]);
    assert_eq!(rb.push(5), Some(2));
    assert_eq!(rb.push(6), Some(3));
    assert_eq!(items(&rb), vec![4, 5, 6]);
    assert_eq!(rb.peek_oldest(), Some(&4));
    assert_eq!(rb.len(), 3);
}

#[test]
fn pop_after_overwrite() {
    let mut rb = RingBuffer::new(3);
    for i in 1..=4 {
        rb.push(i);
    }
    assert_eq!(rb.pop(), Some(2));
    assert_eq!(rb.pop(), Some(3));
    assert_eq!(rb.pop(), Some(4));
    assert_eq!(rb.pop(), None);
    assert!(rb.is_empty());
}

#[test]
fn many_push_pop_cycles_wrap_around() {
    let mut rb = RingBuffer::new(2);
    for i in 0..10 {
        assert_eq!(rb.push(i), None);
        assert_eq!(rb.pop(), Some(i));
    }
    assert_eq!(rb.peek_oldest(), None);
}

#[test]
fn matches_a_bounded_queue() {
    let mut rb = RingBuffer::new(4);
    let mut model: VecDeque<u32> = VecDeque::new();
    for step in 0u32..200 {
        if step % 3 == 2 {
            assert_eq!(rb.pop(), model.pop_front(), "pop at step {step}");
        } else {
            let expected = if model.len() == 4 { model.pop_front() } else { None };
            model.push_back(step);
            assert_eq!(rb.push(step), expected, "push at step {step}");
        }
        assert_eq!(items(&rb), model.iter().copied().collect::<Vec<_>>(), "step {step}");
        assert_eq!(rb.len(), model.len());
    }
}

#[test]
fn capacity_one() {
    let mut rb = RingBuffer::new(1);
    assert_eq!(rb.push("a"), None);
    assert_eq!(rb.push("b"), Some("a"));
    assert_eq!(rb.peek_oldest(), Some(&"b"));
    assert_eq!(rb.capacity(), 1);
}

#[test]
#[should_panic]
fn zero_capacity_panics() {
    let _ = RingBuffer::<u8>::new(0);
}
