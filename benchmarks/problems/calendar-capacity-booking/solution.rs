use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookError {
    InvalidInterval,
    Conflict { at: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: u64,
    pub start: i64,
    pub end: i64,
}

pub struct Calendar {
    capacity: usize,
    next_id: u64,
    items: BTreeMap<u64, (i64, i64)>,
}

impl Calendar {
    pub fn new(capacity: usize) -> Self {
        Calendar { capacity, next_id: 1, items: BTreeMap::new() }
    }

    pub fn load_at(&self, t: i64) -> usize {
        self.items.values().filter(|&&(s, e)| s <= t && t < e).count()
    }

    /// Sorted distinct points in [from, to) where the load may change, starting with `from`.
    fn breakpoints(&self, from: i64, to: i64) -> Vec<i64> {
        let mut pts = vec![from];
        for &(s, e) in self.items.values() {
            for p in [s, e] {
                if p > from && p < to {
                    pts.push(p);
                }
            }
        }
        pts.sort_unstable();
        pts.dedup();
        pts
    }

    pub fn book(&mut self, start: i64, end: i64) -> Result<u64, BookError> {
        if start >= end {
            return Err(BookError::InvalidInterval);
        }
        for p in self.breakpoints(start, end) {
            if self.load_at(p) >= self.capacity {
                return Err(BookError::Conflict { at: p });
            }
        }
        let id = self.next_id;
        self.next_id += 1;
        self.items.insert(id, (start, end));
        Ok(id)
    }

    pub fn cancel(&mut self, id: u64) -> bool {
        self.items.remove(&id).is_some()
    }

    pub fn bookings(&self) -> Vec<Booking> {
        let mut v: Vec<Booking> = self.items.iter().map(|(&id, &(start, end))| Booking { id, start, end }).collect();
        v.sort_by_key(|b| (b.start, b.id));
        v
    }

    pub fn available(&self, from: i64, to: i64) -> Vec<(i64, i64)> {
        let mut out: Vec<(i64, i64)> = Vec::new();
        if from >= to {
            return out;
        }
        let pts = self.breakpoints(from, to);
        for (k, &p) in pts.iter().enumerate() {
            let seg_end = pts.get(k + 1).copied().unwrap_or(to);
            if self.load_at(p) < self.capacity {
                match out.last_mut() {
                    Some(last) if last.1 == p => last.1 = seg_end,
                    _ => out.push((p, seg_end)),
                }
            }
        }
        out
    }

    fn window_free(&self, s: i64, e: i64) -> bool {
        self.breakpoints(s, e).into_iter().all(|p| self.load_at(p) < self.capacity)
    }

    pub fn first_fit(&self, from: i64, len: i64) -> Option<i64> {
        if len <= 0 {
            return None;
        }
        let mut candidates = vec![from];
        candidates.extend(self.items.values().map(|&(_, e)| e).filter(|&e| e > from));
        candidates.sort_unstable();
        candidates.dedup();
        candidates.into_iter().find(|&s| match s.checked_add(len) {
            Some(e) => self.window_free(s, e),
            None => false,
        })
    }
}
