use solution::*;

fn drain(q: &mut TaskQueue) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(n) = q.pop() {
        out.push(n);
    }
    out
}

#[test]
fn example_order() {
    let mut q = TaskQueue::new();
    q.push("a", 1);
    q.push("b", 5);
    q.push("c", 5);
    q.push("d", 1);
    assert_eq!(q.len(), 4);
    assert_eq!(q.peek(), Some("b"));
    assert_eq!(drain(&mut q), vec!["b", "c", "a", "d"]);
    assert!(q.is_empty());
}

#[test]
fn empty_queue() {
    let mut q = TaskQueue::new();
    assert_eq!(q.pop(), None);
    assert_eq!(q.peek(), None);
    assert_eq!(q.len(), 0);
    assert_eq!(q.pop_all_at_least(0), Vec::<String>::new());
}

#[test]
fn fifo_among_many_equal() {
    let mut q = TaskQueue::new();
    for i in 0..50 {
        q.push(&format!("t{i}"), 3);
    }
    let out = drain(&mut q);
    let expected: Vec<String> = (0..50).map(|i| format!("t{i}")).collect();
    assert_eq!(out, expected);
}

#[test]
fn interleaved_push_pop() {
    let mut q = TaskQueue::new();
    q.push("x1", 2);
    q.push("y1", 9);
    assert_eq!(q.pop().as_deref(), Some("y1"));
    q.push("x2", 2);
    q.push("z", 0);
    q.push("y2", 9);
    q.push("x3", 2);
    assert_eq!(drain(&mut q), vec!["y2", "x1", "x2", "x3", "z"]);
}

#[test]
fn duplicate_names_and_extremes() {
    let mut q = TaskQueue::new();
    q.push("same", 0);
    q.push("same", 255);
    q.push("other", 255);
    assert_eq!(drain(&mut q), vec!["same", "other", "same"]);
}

#[test]
fn pop_at_least() {
    let mut q = TaskQueue::new();
    for (n, p) in [("a", 1), ("b", 7), ("c", 4), ("d", 7), ("e", 4), ("f", 3)] {
        q.push(n, p);
    }
    assert_eq!(q.pop_all_at_least(4), vec!["b", "d", "c", "e"]);
    assert_eq!(q.len(), 2);
    assert_eq!(q.pop_all_at_least(10), Vec::<String>::new());
    assert_eq!(drain(&mut q), vec!["f", "a"]);
}

#[test]
fn large_volume() {
    let mut q = TaskQueue::new();
    for i in 0..100_000u32 {
        q.push(&i.to_string(), (i % 10) as u8);
    }
    let mut last: Option<(u8, u32)> = None;
    let mut count = 0;
    while let Some(name) = q.pop() {
        let i: u32 = name.parse().unwrap();
        let p = (i % 10) as u8;
        if let Some((lp, li)) = last {
            assert!(p < lp || (p == lp && i > li));
        }
        last = Some((p, i));
        count += 1;
    }
    assert_eq!(count, 100_000);
}
