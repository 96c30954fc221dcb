//! The epoch clock: one thread per engine advancing the epoch every tick, so that running
//! guests reach their interruption checks. It stops when the engine is dropped.

use std::time::{Duration, Instant};

/// Starts the ticker thread for `engine`.
pub(crate) fn start(engine: &wasmtime::Engine, tick: Duration) -> std::io::Result<()> {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("x402-epoch".into())
        .spawn(move || {
            // Ticks are scheduled from a fixed start so sleep overshoot does not accumulate.
            let start = Instant::now();
            let mut n: u32 = 0;
            loop {
                n = n.wrapping_add(1);
                let next = start + tick * n;
                if let Some(wait) = next.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
                match weak.upgrade() {
                    Some(engine) => engine.increment_epoch(),
                    None => return,
                }
            }
        })
        .map(|_| ())
}
