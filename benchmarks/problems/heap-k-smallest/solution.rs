use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub fn k_smallest(values: &[i32], k: usize) -> Vec<i32> {
    if k == 0 {
        return Vec::new();
    }
    let mut heap: BinaryHeap<i32> = BinaryHeap::with_capacity(k + 1);
    for &v in values {
        if heap.len() < k {
            heap.push(v);
        } else if v < *heap.peek().unwrap() {
            heap.pop();
            heap.push(v);
        }
    }
    heap.into_sorted_vec()
}

pub fn k_largest(values: &[i32], k: usize) -> Vec<i32> {
    if k == 0 {
        return Vec::new();
    }
    let mut heap: BinaryHeap<Reverse<i32>> = BinaryHeap::with_capacity(k + 1);
    for &v in values {
        if heap.len() < k {
            heap.push(Reverse(v));
        } else if v > heap.peek().unwrap().0 {
            heap.pop();
            heap.push(Reverse(v));
        }
    }
    heap.into_sorted_vec().into_iter().map(|Reverse(v)| v).collect()
}

pub fn kth_smallest(values: &[i32], k: usize) -> Option<i32> {
    if k == 0 || k > values.len() {
        return None;
    }
    k_smallest(values, k).last().copied()
}
