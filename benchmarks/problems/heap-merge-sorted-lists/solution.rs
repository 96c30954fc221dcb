use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub fn merge_with_source(lists: &[Vec<i32>]) -> Vec<(i32, usize)> {
    // heap of (value, list index, position)
    let mut heap = BinaryHeap::new();
    for (li, l) in lists.iter().enumerate() {
        if let Some(&v) = l.first() {
            heap.push(Reverse((v, li, 0usize)));
        }
    }
    let mut out = Vec::new();
    while let Some(Reverse((v, li, pos))) = heap.pop() {
        out.push((v, li));
        if let Some(&next) = lists[li].get(pos + 1) {
            heap.push(Reverse((next, li, pos + 1)));
        }
    }
    out
}

pub fn merge_sorted(lists: &[Vec<i32>]) -> Vec<i32> {
    merge_with_source(lists).into_iter().map(|(v, _)| v).collect()
}

pub fn merge_dedup(lists: &[Vec<i32>]) -> Vec<i32> {
    let mut v = merge_sorted(lists);
    v.dedup();
    v
}
