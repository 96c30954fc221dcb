use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed { remaining: u32 },
    Denied { retry_after_ms: u64 },
    TooLarge,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: u32,
    anchor: u64,
    latest: u64,
}

pub struct RateLimiter {
    capacity: u32,
    refill_every_ms: u64,
    buckets: HashMap<String, Bucket>,
}

impl RateLimiter {
    pub fn new(capacity: u32, refill_every_ms: u64) -> RateLimiter {
        assert!(capacity > 0 && refill_every_ms > 0, "capacity and interval must be positive");
        RateLimiter { capacity, refill_every_ms, buckets: HashMap::new() }
    }

    fn refilled(&self, mut b: Bucket, e: u64) -> Bucket {
        let gained = (e - b.anchor) / self.refill_every_ms;
        if b.tokens as u64 + gained >= self.capacity as u64 {
            b.tokens = self.capacity;
            b.anchor = e;
        } else {
            b.tokens += gained as u32;
            b.anchor += gained * self.refill_every_ms;
        }
        b
    }

    fn current(&self, client: &str, now_ms: u64) -> Bucket {
        match self.buckets.get(client) {
            Some(&b) => {
                let e = now_ms.max(b.latest);
                let mut b = self.refilled(b, e);
                b.latest = e;
                b
            }
            None => Bucket { tokens: self.capacity, anchor: now_ms, latest: now_ms },
        }
    }

    pub fn request(&mut self, client: &str, cost: u32, now_ms: u64) -> Decision {
        if cost > self.capacity {
            return Decision::TooLarge;
        }
        let mut b = self.current(client, now_ms);
        let e = b.latest;
        let decision = if b.tokens >= cost {
            b.tokens -= cost;
            Decision::Allowed { remaining: b.tokens }
        } else {
            let need = (cost - b.tokens) as u64;
            Decision::Denied { retry_after_ms: b.anchor + need * self.refill_every_ms - e }
        };
        self.buckets.insert(client.to_string(), b);
        decision
    }

    pub fn available(&self, client: &str, now_ms: u64) -> u32 {
        self.current(client, now_ms).tokens
    }
}
