//! Engine limits and service settings, built with chained setters.

use std::path::PathBuf;
use std::time::Duration;

/// Limits applied to every execution. All are enforced while the guest runs.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Maximum size of one linear memory (`memory.grow` past it fails).
    pub memory_bytes: usize,
    /// Wall clock of a top-level request.
    pub timeout: Duration,
    /// Wall clock of each nested `call` (also bounded by the caller's remaining time).
    pub call_timeout: Duration,
    /// Maximum nesting of `call`: a request at depth `max_call_depth` cannot call further.
    pub max_call_depth: u32,
    /// Largest response body a cartridge may set.
    pub max_response_bytes: usize,
    /// Largest KV key.
    pub max_kv_key_bytes: usize,
    /// Largest KV value.
    pub max_kv_value_bytes: usize,
    /// Bytes of KV writes one request may make.
    pub max_kv_write_bytes: usize,
    /// Quota of one cartridge's KV: keys plus values, in bytes.
    pub max_kv_total_bytes: u64,
    /// Quota of one cartridge's KV: number of keys.
    pub max_kv_keys: u64,
    /// Largest log line (longer lines are cut).
    pub max_log_bytes: usize,
    /// Log lines one request may emit (later lines are dropped).
    pub max_log_lines: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 64 << 20,
            timeout: Duration::from_secs(30),
            call_timeout: Duration::from_secs(10),
            max_call_depth: 3,
            max_response_bytes: 16 << 20,
            max_kv_key_bytes: 1024,
            max_kv_value_bytes: 1 << 20,
            max_kv_write_bytes: 8 << 20,
            max_kv_total_bytes: 64 << 20,
            max_kv_keys: 100_000,
            max_log_bytes: 4096,
            max_log_lines: 100,
        }
    }
}

/// Settings of the engine and the cartridge service.
///
/// ```
/// use std::time::Duration;
/// let config = x402_cartridge::CartridgeConfig::new("/tmp/x402")
///     .timeout(Duration::from_millis(200))
///     .max_concurrency(8);
/// assert_eq!(config.limits.timeout, Duration::from_millis(200));
/// ```
#[derive(Debug, Clone)]
pub struct CartridgeConfig {
    /// The node's data dir: the artifact cache and build dir live under `<data_dir>/cartridges`.
    pub data_dir: PathBuf,
    /// Per-execution limits.
    pub limits: Limits,
    /// Concurrent top-level executions; more wait for a slot.
    pub max_concurrency: usize,
    /// How long a request waits for an execution slot before failing with 503.
    pub queue_timeout: Duration,
    /// Epoch tick of the interruption clock.
    pub epoch_tick: Duration,
    /// Largest module accepted.
    pub max_module_bytes: usize,
    /// Largest Rust source accepted.
    pub max_source_bytes: usize,
    /// Kill cargo after this long.
    pub compile_timeout: Duration,
    /// cargo executable.
    pub cargo: PathBuf,
    /// bubblewrap executable, the build sandbox (a bare name is looked up in `PATH`). Rust
    /// source is compiled only inside it.
    pub bwrap: PathBuf,
    /// Price of a new cartridge when none is given.
    pub default_price: String,
    /// First requests of a new version observed for automatic rollback.
    pub health_window: u32,
    /// Error share within the window above which the previous version is restored.
    pub health_threshold: f64,
    /// Use the pooling instance allocator (falls back to on-demand if the pool cannot be
    /// reserved).
    pub pooling: bool,
}

impl CartridgeConfig {
    /// Defaults for a node whose data dir is `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        CartridgeConfig {
            data_dir: data_dir.into(),
            limits: Limits::default(),
            max_concurrency: 32,
            queue_timeout: Duration::from_secs(10),
            epoch_tick: Duration::from_millis(10),
            max_module_bytes: 16 << 20,
            max_source_bytes: 1 << 20,
            compile_timeout: Duration::from_secs(300),
            cargo: std::env::var_os("CARGO")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("cargo")),
            bwrap: PathBuf::from("bwrap"),
            default_price: "$0.001".to_string(),
            health_window: 20,
            health_threshold: 0.5,
            pooling: true,
        }
    }

    /// Top-level wall-clock limit.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.limits.timeout = timeout;
        self
    }

    /// Wall-clock limit of each nested call.
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.limits.call_timeout = timeout;
        self
    }

    /// Memory limit per linear memory.
    pub fn memory_limit(mut self, bytes: usize) -> Self {
        self.limits.memory_bytes = bytes;
        self
    }

    /// Maximum `call` nesting.
    pub fn max_call_depth(mut self, depth: u32) -> Self {
        self.limits.max_call_depth = depth;
        self
    }

    /// Concurrent top-level executions.
    pub fn max_concurrency(mut self, n: usize) -> Self {
        self.max_concurrency = n.max(1);
        self
    }

    /// cargo build timeout.
    pub fn compile_timeout(mut self, timeout: Duration) -> Self {
        self.compile_timeout = timeout;
        self
    }

    /// cargo executable.
    pub fn cargo(mut self, cargo: impl Into<PathBuf>) -> Self {
        self.cargo = cargo.into();
        self
    }

    /// bubblewrap executable of the build sandbox.
    pub fn bwrap(mut self, bwrap: impl Into<PathBuf>) -> Self {
        self.bwrap = bwrap.into();
        self
    }

    /// Quota of each cartridge's KV: `bytes` of keys plus values, and `keys` keys.
    pub fn kv_quota(mut self, bytes: u64, keys: u64) -> Self {
        self.limits.max_kv_total_bytes = bytes;
        self.limits.max_kv_keys = keys;
        self
    }

    /// Default price of new cartridges.
    pub fn default_price(mut self, price: impl Into<String>) -> Self {
        self.default_price = price.into();
        self
    }

    /// Automatic rollback: observe the first `window` requests of a new version and restore
    /// the previous one when more than `threshold` (0..1) of them fail.
    pub fn health(mut self, window: u32, threshold: f64) -> Self {
        self.health_window = window.max(1);
        self.health_threshold = threshold.clamp(0.0, 1.0);
        self
    }

    /// Turn the pooling allocator on or off.
    pub fn pooling(mut self, pooling: bool) -> Self {
        self.pooling = pooling;
        self
    }

    /// Folder of the engine's files (`<data_dir>/cartridges`).
    pub fn root(&self) -> PathBuf {
        self.data_dir.join("cartridges")
    }

    /// Instance slots the pool needs: every concurrent request may nest `max_call_depth` calls.
    pub(crate) fn pool_slots(&self) -> u32 {
        let per_request = self.limits.max_call_depth as usize + 1;
        (self.max_concurrency * per_request + 8).min(10_000) as u32
    }
}
