use std::collections::{BTreeMap, VecDeque};

pub const MODULUS: u64 = 1_000_000_007;

fn merged(purse: &[(u32, u32)]) -> BTreeMap<usize, usize> {
    let mut m = BTreeMap::new();
    for &(d, c) in purse {
        *m.entry(d as usize).or_insert(0usize) += c as usize;
    }
    m
}

pub fn count_ways(amount: u32, purse: &[(u32, u32)]) -> u64 {
    let n = amount as usize;
    let mut ways = vec![0u64; n + 1];
    ways[0] = 1;
    for (d, c) in merged(purse) {
        if d > n {
            continue;
        }
        let old = ways.clone();
        // new[a] = sum_{k=0..=c} old[a - k d]
        for a in 0..=n {
            let mut v = old[a];
            if a >= d {
                v += ways[a - d];
            }
            let span = (c + 1).saturating_mul(d);
            if a >= span {
                v += MODULUS - old[a - span];
            }
            ways[a] = v % MODULUS;
        }
    }
    ways[n]
}

pub fn fewest_coins(amount: u32, purse: &[(u32, u32)]) -> Option<u32> {
    let n = amount as usize;
    const INF: i64 = i64::MAX / 4;
    let mut best = vec![INF; n + 1];
    best[0] = 0;
    for (d, c) in merged(purse) {
        if d > n {
            continue;
        }
        let old = best.clone();
        for r in 0..d {
            // positions r, r+d, ... indexed by j: new[j] = min over j-c <= i <= j of old[i] - i + j
            let mut window: VecDeque<(usize, i64)> = VecDeque::new();
            let mut j = 0usize;
            let mut a = r;
            while a <= n {
                if old[a] < INF {
                    let key = old[a] - j as i64;
                    while window.back().map_or(false, |&(_, k)| k >= key) {
                        window.pop_back();
                    }
                    window.push_back((j, key));
                }
                while window.front().map_or(false, |&(i, _)| i + c < j) {
                    window.pop_front();
                }
                best[a] = match window.front() {
                    Some(&(_, k)) => k + j as i64,
                    None => INF,
                };
                j += 1;
                a += d;
            }
        }
    }
    if best[n] >= INF { None } else { Some(best[n] as u32) }
}
