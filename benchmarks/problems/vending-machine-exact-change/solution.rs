use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VendError {
    UnknownCoin(u32),
    UnknownProduct(String),
    SoldOut(String),
    InsufficientCredit { price: u32, credit: u32 },
    CannotMakeChange { change: u32 },
}

pub struct VendingMachine {
    coin_box: BTreeMap<u32, u32>,
    products: HashMap<String, (u32, u32)>,
    escrow: Vec<u32>,
}

/// Fewest-coin change with limited counts; ties favour larger denominations.
/// Returns counts per denomination (same order as `denoms`, which is descending).
fn make_change(denoms: &[(u32, u32)], amount: u32) -> Option<Vec<u32>> {
    let a = amount as usize;
    let k = denoms.len();
    const INF: u32 = u32::MAX;
    // best[i][x]: fewest coins for x using denominations i.. (descending order)
    let mut best = vec![vec![INF; a + 1]; k + 1];
    best[k][0] = 0;
    for i in (0..k).rev() {
        let (d, c) = (denoms[i].0 as usize, denoms[i].1 as usize);
        for x in 0..=a {
            let mut b = INF;
            let mut used = 0usize;
            while used <= c && used * d <= x {
                let rest = best[i + 1][x - used * d];
                if rest != INF {
                    b = b.min(rest + used as u32);
                }
                used += 1;
            }
            best[i][x] = b;
        }
    }
    if best[0][a] == INF {
        return None;
    }
    let mut counts = Vec::with_capacity(k);
    let mut x = a;
    for i in 0..k {
        let (d, c) = (denoms[i].0 as usize, denoms[i].1 as usize);
        let target = best[i][x];
        let mut used = (c).min(x / d);
        loop {
            let rest = best[i + 1][x - used * d];
            if rest != INF && rest + used as u32 == target {
                break;
            }
            used -= 1;
        }
        counts.push(used as u32);
        x -= used * d;
    }
    Some(counts)
}

impl VendingMachine {
    pub fn new(coin_box: &[(u32, u32)], products: &[(&str, u32, u32)]) -> VendingMachine {
        let mut boxed = BTreeMap::new();
        for &(d, c) in coin_box {
            *boxed.entry(d).or_insert(0) += c;
        }
        VendingMachine {
            coin_box: boxed,
            products: products.iter().map(|&(n, p, q)| (n.to_string(), (p, q))).collect(),
            escrow: Vec::new(),
        }
    }

    pub fn insert(&mut self, coin: u32) -> Result<u32, VendError> {
        if !self.coin_box.contains_key(&coin) {
            return Err(VendError::UnknownCoin(coin));
        }
        self.escrow.push(coin);
        Ok(self.credit())
    }

    pub fn credit(&self) -> u32 {
        self.escrow.iter().sum()
    }

    pub fn coins(&self, denomination: u32) -> u32 {
        self.coin_box.get(&denomination).copied().unwrap_or(0)
    }

    pub fn stock(&self, product: &str) -> u32 {
        self.products.get(product).map_or(0, |p| p.1)
    }

    pub fn select(&mut self, product: &str) -> Result<Vec<u32>, VendError> {
        let &(price, qty) = self
            .products
            .get(product)
            .ok_or_else(|| VendError::UnknownProduct(product.to_string()))?;
        if qty == 0 {
            return Err(VendError::SoldOut(product.to_string()));
        }
        let credit = self.credit();
        if credit < price {
            return Err(VendError::InsufficientCredit { price, credit });
        }
        let change = credit - price;
        let mut pool = self.coin_box.clone();
        for &c in &self.escrow {
            *pool.get_mut(&c).unwrap() += 1;
        }
        let denoms: Vec<(u32, u32)> = pool.iter().rev().map(|(&d, &c)| (d, c)).collect();
        let counts = make_change(&denoms, change).ok_or(VendError::CannotMakeChange { change })?;
        let mut out = Vec::new();
        for (i, &(d, _)) in denoms.iter().enumerate() {
            *pool.get_mut(&d).unwrap() -= counts[i];
            out.extend(std::iter::repeat(d).take(counts[i] as usize));
        }
        self.coin_box = pool;
        self.escrow.clear();
        self.products.get_mut(product).unwrap().1 -= 1;
        Ok(out)
    }

    pub fn cancel(&mut self) -> Vec<u32> {
        let mut coins = std::mem::take(&mut self.escrow);
        coins.sort_unstable_by(|a, b| b.cmp(a));
        coins
    }
}
