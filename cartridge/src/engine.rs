//! The one wasmtime engine of a node: configuration, host imports, compiled-module cache and
//! loading of modules into ready-to-instantiate [`Program`]s.

use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::{Enabled, InstancePre, Linker, Module, OptLevel, PoolingAllocationConfig};

/// Bytes of each pooled linear memory kept resident between requests (the dirty part is reset
/// with memset).
const KEEP_RESIDENT: usize = 2 << 20;

use crate::cache::ArtifactCache;
use crate::config::{CartridgeConfig, Limits};
use crate::error::{ModuleError, OpenError};
use crate::host::{self, HostState, Resolver};
use crate::validate::{self, Kind, Shape};

/// Whether the kernel has the `PAGEMAP_SCAN` ioctl (Linux ≥ 6.7).
fn pagemap_scan_supported() -> bool {
    let Ok(release) = std::fs::read_to_string("/proc/sys/kernel/osrelease") else {
        return false;
    };
    let mut parts = release.trim().split(['.', '-']);
    let major: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (major, minor) >= (6, 7)
}

/// The shared wasm engine. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

struct EngineInner {
    wasmtime: wasmtime::Engine,
    linker: Linker<HostState>,
    limits: Arc<Limits>,
    cache: ArtifactCache,
    pooled: bool,
    max_module_bytes: usize,
}

impl Engine {
    /// Creates the engine, its epoch ticker and its cache under `<data_dir>/cartridges/cache`.
    pub fn new(config: &CartridgeConfig) -> Result<Engine, OpenError> {
        let build = |pooling: bool| {
            let mut cfg = wasmtime::Config::new();
            cfg.epoch_interruption(true)
                .consume_fuel(false)
                .cranelift_opt_level(OptLevel::Speed);
            if pooling {
                let slots = config.pool_slots();
                let mut pool = PoolingAllocationConfig::default();
                pool.total_core_instances(slots)
                    .total_memories(slots)
                    .total_tables(slots)
                    .max_memory_size(config.limits.memory_bytes)
                    .max_unused_warm_slots(slots.min(100));
                if pagemap_scan_supported() {
                    // Reset only the pages a request dirtied with memset instead of madvise:
                    // no TLB shootdown per request. Without PAGEMAP_SCAN, keep_resident would
                    // memset the whole range every time, which is slower than madvise.
                    pool.linear_memory_keep_resident(KEEP_RESIDENT)
                        .table_keep_resident(64 << 10)
                        .pagemap_scan(Enabled::Auto);
                }
                cfg.allocation_strategy(pool);
            }
            wasmtime::Engine::new(&cfg)
        };
        let (wasmtime, pooled) = match config.pooling.then(|| build(true)) {
            Some(Ok(engine)) => (engine, true),
            other => {
                if let Some(Err(e)) = other {
                    tracing::warn!(error = %e, "pooling allocator unavailable, instantiating on demand");
                }
                (build(false).map_err(OpenError::Engine)?, false)
            }
        };
        crate::ticker::start(&wasmtime, config.epoch_tick).map_err(|source| OpenError::Io {
            path: "epoch ticker thread".into(),
            source,
        })?;
        let mut linker = Linker::new(&wasmtime);
        host::define_imports(&mut linker).map_err(OpenError::Engine)?;
        let cache_dir = config.root().join("cache");
        let cache = ArtifactCache::open(&cache_dir, &wasmtime).map_err(|source| OpenError::Io {
            path: cache_dir,
            source,
        })?;
        Ok(Engine {
            inner: Arc::new(EngineInner {
                wasmtime,
                linker,
                limits: Arc::new(config.limits.clone()),
                cache,
                pooled,
                max_module_bytes: config.max_module_bytes,
            }),
        })
    }

    /// The wasmtime engine.
    pub fn wasmtime(&self) -> &wasmtime::Engine {
        &self.inner.wasmtime
    }

    /// Limits applied to every execution.
    pub fn limits(&self) -> &Arc<Limits> {
        &self.inner.limits
    }

    /// Whether the pooling allocator is in use.
    pub fn is_pooled(&self) -> bool {
        self.inner.pooled
    }

    /// Validates, compiles (or loads from the cache) and checks `wasm` for `slug`, then proves
    /// it instantiates within the limits. Blocking: call from a blocking thread.
    pub fn load(&self, wasm: &[u8], slug: &str) -> Result<Program, ModuleError> {
        let inner = &self.inner;
        if wasm.len() > inner.max_module_bytes {
            return Err(ModuleError::TooLarge {
                size: wasm.len(),
                limit: inner.max_module_bytes,
            });
        }
        let hash = blake3::hash(wasm).to_hex().to_string();
        let (module, from_cache) = match inner.cache.load(&inner.wasmtime, &hash) {
            Some(module) => (module, true),
            None => {
                let module =
                    Module::from_binary(&inner.wasmtime, wasm).map_err(ModuleError::Malformed)?;
                (module, false)
            }
        };
        let shape = validate::inspect(&module, slug)?;
        let pre = inner
            .linker
            .instantiate_pre(&module)
            .map_err(ModuleError::Instantiate)?;
        let program = Program {
            inner: Arc::new(ProgramInner {
                engine: self.clone(),
                pre,
                hash: hash.clone(),
                shape,
                wasm_len: wasm.len(),
                from_cache,
            }),
        };
        program
            .instantiate_probe()
            .map_err(|e| ModuleError::Probe(Box::new(e)))?;
        if !from_cache {
            inner.cache.store(&hash, program.module());
        }
        Ok(program)
    }
}

/// A validated module ready to instantiate: one version of one cartridge. Cheap to clone;
/// every request instantiates it into a fresh Store, so nothing is shared across requests or
/// survives a swap.
#[derive(Clone)]
pub struct Program {
    inner: Arc<ProgramInner>,
}

struct ProgramInner {
    engine: Engine,
    pre: InstancePre<HostState>,
    hash: String,
    shape: Shape,
    wasm_len: usize,
    from_cache: bool,
}

impl Program {
    /// blake3 hash of the wasm bytes, hex.
    pub fn hash(&self) -> &str {
        &self.inner.hash
    }

    /// The cartridge's kind.
    pub fn kind(&self) -> Kind {
        self.inner.shape.kind
    }

    /// Exports found at validation.
    pub fn shape(&self) -> &Shape {
        &self.inner.shape
    }

    /// Size of the wasm module.
    pub fn wasm_len(&self) -> usize {
        self.inner.wasm_len
    }

    /// Whether the compiled code came from the on-disk cache.
    pub fn from_cache(&self) -> bool {
        self.inner.from_cache
    }

    /// The engine this program belongs to.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The compiled module.
    pub fn module(&self) -> &Module {
        self.inner.pre.module()
    }

    pub(crate) fn pre(&self) -> &InstancePre<HostState> {
        &self.inner.pre
    }

    /// Instantiates into a fresh Store and drops it, without running guest exports (a start
    /// function, if any, runs under the normal limits). Returns the time taken.
    pub fn instantiate_probe(&self) -> Result<Duration, crate::ExecError> {
        let started = Instant::now();
        let state = crate::exec::top_state(
            self,
            "probe",
            crate::kv::KvOverlay::new(None, crate::exec::kv_limits(self.engine().limits())),
            None,
            Arc::new(NoCalls),
        );
        let mut store = crate::exec::new_store(self, state);
        self.pre()
            .instantiate(&mut store)
            .map_err(|e| crate::exec::classify(store.data(), e))?;
        drop(store);
        Ok(started.elapsed())
    }
}

/// Resolver for executions that may not call other cartridges.
pub struct NoCalls;

impl Resolver for NoCalls {
    fn resolve(&self, _slug: &str) -> Option<Program> {
        None
    }
}
