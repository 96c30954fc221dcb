use solution::*;

#[test]
fn empty_queue() {
    let mut q: TwoStackQueue<u8> = TwoStackQueue::new();
    assert!(q.is_empty());
    assert_eq!(q.len(), 0);
    assert_eq!(q.dequeue(), None);
    assert_eq!(q.peek(), None);
    assert_eq!(q.drain_all(), Vec::<u8>::new());
}

#[test]
fn fifo_order() {
    let mut q = TwoStackQueue::new();
    q.enqueue(1);
    q.enqueue(2);
    q.enqueue(3);
    assert_eq!(q.len(), 3);
    assert_eq!(q.peek(), Some(&1));
    assert_eq!(q.dequeue(), Some(1));
    q.enqueue(4);
    assert_eq!(q.dequeue(), Some(2));
    assert_eq!(q.peek(), Some(&3));
    assert_eq!(q.len(), 2);
    assert_eq!(q.dequeue(), Some(3));
    assert_eq!(q.dequeue(), Some(4));
    assert_eq!(q.dequeue(), None);
}

#[test]
fn drain_in_order_across_both_stacks() {
    let mut q = TwoStackQueue::new();
    for i in 1..=3 {
        q.enqueue(i);
    }
    assert_eq!(q.dequeue(), Some(1));
    q.enqueue(4);
    q.enqueue(5);
    assert_eq!(q.drain_all(), vec![2, 3, 4, 5]);
    assert!(q.is_empty());
    q.enqueue(6);
    assert_eq!(q.drain_all(), vec![6]);
}

#[test]
fn non_copy_items() {
    let mut q = TwoStackQueue::new();
    q.enqueue(String::from("a"));
    q.enqueue(String::from("b"));
    assert_eq!(q.peek().map(|s| s.as_str()), Some("a"));
    assert_eq!(q.dequeue(), Some(String::from("a")));
    q.enqueue(String::from("c"));
    assert_eq!(q.drain_all(), vec![String::from("b"), String::from("c")]);
}

#[test]
fn interleaved_large() {
    let mut q = TwoStackQueue::new();
    let mut next_out = 0u64;
    let mut next_in = 0u64;
    for round in 0..200_000u64 {
        q.enqueue(next_in);
        next_in += 1;
        if round % 3 != 0 {
            assert_eq!(q.peek(), Some(&next_out));
            assert_eq!(q.dequeue(), Some(next_out));
            next_out += 1;
        }
        assert_eq!(q.len() as u64, next_in - next_out);
    }
    let rest = q.drain_all();
    assert_eq!(rest.len() as u64, next_in - next_out);
    assert_eq!(rest.first(), Some(&next_out));
    assert_eq!(rest.last(), Some(&(next_in - 1)));
}
