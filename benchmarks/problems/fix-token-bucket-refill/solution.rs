/// Token bucket rate limiter with milli-token precision.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    capacity: u64,
    rate_per_sec: u64,
    milli_tokens: u64,
    last_ms: u64,
}

impl TokenBucket {
    pub fn new(capacity: u64, rate_per_sec: u64, now_ms: u64) -> Self {
        TokenBucket { capacity, rate_per_sec, milli_tokens: capacity * 1000, last_ms: now_ms }
    }

    fn refill(&mut self, now_ms: u64) {
        if now_ms <= self.last_ms {
            return;
        }
        let elapsed = now_ms - self.last_ms;
        self.milli_tokens = (self.milli_tokens + elapsed * self.rate_per_sec).min(self.capacity * 1000);
        self.last_ms = now_ms;
    }

    pub fn available(&mut self, now_ms: u64) -> u64 {
        self.refill(now_ms);
        self.milli_tokens / 1000
    }

    pub fn try_take(&mut self, n: u64, now_ms: u64) -> bool {
        self.refill(now_ms);
        let cost = n * 1000;
        if self.milli_tokens >= cost {
            self.milli_tokens -= cost;
            true
        } else {
            false
        }
    }
}
