#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed { remaining: u32 },
    Denied { retry_after_ms: u64 },
    TooLarge,
}

pub struct RateLimiter {
    capacity: u32,
    refill_every_ms: u64,
}

impl RateLimiter {
    pub fn new(capacity: u32, refill_every_ms: u64) -> RateLimiter {
        todo!("limiter of {capacity} tokens, one per {refill_every_ms} ms")
    }

    pub fn request(&mut self, client: &str, cost: u32, now_ms: u64) -> Decision {
        todo!("{client} wants {cost} at {now_ms}")
    }

    pub fn available(&self, client: &str, now_ms: u64) -> u32 {
        todo!("tokens of {client} at {now_ms}")
    }
}
