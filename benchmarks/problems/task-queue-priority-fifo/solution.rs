use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

#[derive(PartialEq, Eq)]
struct Entry {
    priority: u8,
    seq: Reverse<u64>,
    name: String,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority.cmp(&other.priority).then(self.seq.cmp(&other.seq))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

pub struct TaskQueue {
    heap: BinaryHeap<Entry>,
    next: u64,
}

impl TaskQueue {
    pub fn new() -> TaskQueue {
        TaskQueue { heap: BinaryHeap::new(), next: 0 }
    }

    pub fn push(&mut self, name: &str, priority: u8) {
        self.heap.push(Entry { priority, seq: Reverse(self.next), name: name.to_string() });
        self.next += 1;
    }

    pub fn pop(&mut self) -> Option<String> {
        self.heap.pop().map(|e| e.name)
    }

    pub fn peek(&self) -> Option<&str> {
        self.heap.peek().map(|e| e.name.as_str())
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    pub fn pop_all_at_least(&mut self, min_priority: u8) -> Vec<String> {
        let mut out = Vec::new();
        while self.heap.peek().map_or(false, |e| e.priority >= min_priority) {
            out.push(self.heap.pop().unwrap().name);
        }
        out
    }
}
