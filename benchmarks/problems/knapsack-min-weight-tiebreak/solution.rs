#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub weight: u32,
    pub value: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packing {
    pub value: u64,
    pub weight: u64,
    pub chosen: Vec<usize>,
}

pub fn best_packing(items: &[Item], capacity: u32) -> Packing {
    let n = items.len();
    let cap = capacity as usize;
    // suf[i][w] = best value using items i.. with total weight exactly w (None = impossible)
    let mut suf: Vec<Vec<Option<u64>>> = vec![vec![None; cap + 1]; n + 1];
    suf[n][0] = Some(0);
    for i in (0..n).rev() {
        let (wi, vi) = (items[i].weight as usize, items[i].value as u64);
        for w in 0..=cap {
            let mut best = suf[i + 1][w];
            if w >= wi {
                if let Some(v) = suf[i + 1][w - wi] {
                    let cand = v + vi;
                    if best.map_or(true, |b| cand > b) {
                        best = Some(cand);
                    }
                }
            }
            suf[i][w] = best;
        }
    }
    let mut best_v = 0u64;
    let mut best_w = 0usize;
    for w in 0..=cap {
        if let Some(v) = suf[0][w] {
            if v > best_v {
                best_v = v;
                best_w = w;
            }
        }
    }
    let mut chosen = Vec::new();
    let (mut v, mut w) = (best_v, best_w);
    for i in 0..n {
        let (wi, vi) = (items[i].weight as usize, items[i].value as u64);
        if wi <= w && vi <= v && suf[i + 1][w - wi] == Some(v - vi) {
            chosen.push(i);
            w -= wi;
            v -= vi;
        }
    }
    Packing { value: best_v, weight: best_w as u64, chosen }
}
