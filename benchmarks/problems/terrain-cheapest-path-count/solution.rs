use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub const MODULUS: u64 = 1_000_000_007;

pub fn cheapest_paths(grid: &[&str]) -> Option<(u64, u64)> {
    let cells: Vec<Vec<u8>> = grid.iter().map(|r| r.bytes().collect()).collect();
    let rows = cells.len();
    if rows == 0 || cells[0].is_empty() {
        return None;
    }
    let cols = cells[0].len();
    let cost = |r: usize, c: usize| -> Option<u64> {
        match cells[r][c] {
            b @ b'1'..=b'9' => Some((b - b'0') as u64),
            _ => None,
        }
    };
    if cost(0, 0).is_none() || cost(rows - 1, cols - 1).is_none() {
        return None;
    }
    let mut dist = vec![u64::MAX; rows * cols];
    let mut count = vec![0u64; rows * cols];
    let mut done = vec![false; rows * cols];
    dist[0] = 0;
    count[0] = 1;
    let mut heap = BinaryHeap::new();
    heap.push(Reverse((0u64, 0usize)));
    while let Some(Reverse((d, u))) = heap.pop() {
        if done[u] {
            continue;
        }
        done[u] = true;
        let (r, c) = (u / cols, u % cols);
        let mut next = Vec::with_capacity(4);
        if r > 0 {
            next.push((r - 1, c));
        }
        if r + 1 < rows {
            next.push((r + 1, c));
        }
        if c > 0 {
            next.push((r, c - 1));
        }
        if c + 1 < cols {
            next.push((r, c + 1));
        }
        for (nr, nc) in next {
            let Some(w) = cost(nr, nc) else { continue };
            let v = nr * cols + nc;
            let nd = d + w;
            if nd < dist[v] {
                dist[v] = nd;
                count[v] = count[u];
                heap.push(Reverse((nd, v)));
            } else if nd == dist[v] {
                count[v] = (count[v] + count[u]) % MODULUS;
            }
        }
    }
    let end = rows * cols - 1;
    if dist[end] == u64::MAX { None } else { Some((dist[end], count[end])) }
}
