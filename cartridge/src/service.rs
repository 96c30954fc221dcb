//! [`Cartridges`]: the node-facing service. Deploys (from Rust source or wasm), swaps, rolls
//! back and deletes cartridges, persists them, and runs requests on the blocking pool behind a
//! concurrency limit. Paid and free requests have separate pools of execution slots, so free
//! requests (however slow) never keep a paid request from running: a paid request takes its
//! slot ([`Cartridges::reserve_paid`]) before its payment is settled, and runs in it
//! ([`Cartridges::handle_paid`]).

use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tokio::sync::Semaphore;

use crate::Price;
use crate::abi::{CartridgeRequest, CartridgeResponse};
use crate::compiler::Compiler;
use crate::config::CartridgeConfig;
use crate::engine::{Engine, Program};
use crate::error::{AdminError, ExecError, MAX_PRICE, OpenError, RestoreError, report};
use crate::exec::{self, Frame};
use crate::kv::{KvOverlay, KvUsage};
use crate::persist::{Persistence, Record, VersionRecord};
use crate::registry::{Registry, Slot, SlotState, Version};
use crate::validate::Kind;

/// What to deploy.
#[derive(Debug, Clone)]
pub enum DeploySource {
    /// The text of a `lib.rs`, compiled with cargo.
    Rust(String),
    /// A ready wasm module.
    Wasm(Vec<u8>),
}

/// Public description of a cartridge (`GET /c`, `/c/{slug}/manifest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CartridgeInfo {
    /// Slug (`/c/{slug}`).
    pub slug: String,
    /// Kind.
    pub kind: Kind,
    /// Serving version number.
    pub version: u64,
    /// Price per request.
    pub price: String,
    /// Price in millionths of a dollar.
    pub price_micros: u64,
    /// Requests run since the node started (every version).
    pub requests: u64,
    /// Of those, paid requests.
    pub paid_requests: u64,
    /// Revenue of the paid requests since the node started, millionths of a dollar.
    pub revenue_micros: u64,
    /// blake3 of the wasm, hex.
    pub hash: String,
    /// Size of the wasm.
    pub wasm_bytes: usize,
    /// Version kept for rollback.
    pub previous_version: Option<u64>,
    /// Deployment time of the serving version, unix ms.
    pub deployed_ms: u64,
    /// Cartridge ABI version.
    pub abi: u32,
}

/// An execution slot of the paid pool, held from before a payment settles until its request
/// has run (see [`Cartridges::reserve_paid`]).
#[derive(Debug)]
pub struct PaidSlot(tokio::sync::OwnedSemaphorePermit);

/// The cartridges of a node.
#[derive(Clone)]
pub struct Cartridges {
    inner: Arc<Inner>,
}

struct Inner {
    engine: Engine,
    registry: Arc<Registry>,
    persist: Persistence,
    compiler: Compiler,
    config: CartridgeConfig,
    /// `config.default_price`, parsed.
    default_price: Price,
    slots_free: Arc<Semaphore>,
    slots_paid: Arc<Semaphore>,
    admin: tokio::sync::Mutex<()>,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Slugs: 1-64 characters from `[A-Za-z0-9_-]`.
pub fn valid_slug(slug: &str) -> bool {
    (1..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Parses the price of a deployment: dollars (`"$0.001"`, `"$0"` free), at most [`MAX_PRICE`].
fn parse_price(text: &str) -> Result<Price, AdminError> {
    let price: Price = text.parse().map_err(AdminError::InvalidPrice)?;
    if price > MAX_PRICE {
        return Err(AdminError::TooExpensive {
            price,
            max: MAX_PRICE,
        });
    }
    Ok(price)
}

impl Cartridges {
    /// Opens the engine and loads every persisted cartridge (compiled modules come from the
    /// cache). A cartridge that fails to load is logged and skipped; the others serve.
    /// Blocking (compiles uncached modules): call before serving or on a blocking thread.
    pub fn open(db: &sled::Db, config: CartridgeConfig) -> Result<Cartridges, OpenError> {
        let default_price =
            config
                .default_price
                .parse::<Price>()
                .map_err(|source| OpenError::DefaultPrice {
                    text: config.default_price.clone(),
                    source,
                })?;
        let engine = Engine::new(&config)?;
        let persist = Persistence::open(db)?;
        let compiler = Compiler::new(&config);
        let service = Cartridges {
            inner: Arc::new(Inner {
                engine,
                registry: Arc::new(Registry::default()),
                persist,
                compiler,
                slots_free: Arc::new(Semaphore::new(config.max_concurrency)),
                slots_paid: Arc::new(Semaphore::new(config.max_concurrency)),
                config,
                default_price,
                admin: tokio::sync::Mutex::new(()),
            }),
        };
        service.inner.persist.collect_garbage()?;
        for record in service.inner.persist.records() {
            if let Err(e) = service.restore(&record) {
                tracing::error!(slug = %record.slug, error = %report(&e), "cartridge not restored");
            }
        }
        Ok(service)
    }

    fn load_version(
        &self,
        slug: &str,
        record: &VersionRecord,
    ) -> Result<Arc<Version>, RestoreError> {
        let wasm = self
            .inner
            .persist
            .wasm(&record.hash)?
            .ok_or_else(|| RestoreError::MissingModule(record.hash.clone()))?;
        let program = self.inner.engine.load(&wasm, slug)?;
        Ok(Arc::new(Version::new(
            record.number,
            program,
            record.created_ms,
        )))
    }

    fn restore(&self, record: &Record) -> Result<(), RestoreError> {
        let current = self.load_version(&record.slug, &record.current)?;
        let previous = match &record.previous {
            Some(p) => self
                .load_version(&record.slug, p)
                .map_err(|e| tracing::warn!(slug = %record.slug, error = %report(&e), "previous version not restored"))
                .ok(),
            None => None,
        };
        let price = record
            .price
            .parse::<Price>()
            .map_err(|source| RestoreError::Price {
                text: record.price.clone(),
                source,
            })?;
        let kv = self.inner.persist.kv_tree(&record.slug)?;
        let kv_usage = Arc::new(KvUsage::scan(&kv)?);
        tracing::info!(slug = %record.slug, version = current.number, cached = current.program.from_cache(), "cartridge restored");
        self.inner.registry.insert(Arc::new(Slot {
            slug: record.slug.clone(),
            kv,
            kv_usage,
            state: RwLock::new(SlotState {
                current,
                previous,
                price,
                next_version: record.next_version,
                deleted: false,
            }),
            traffic: Default::default(),
        }));
        Ok(())
    }

    /// The engine (for benchmarks and diagnostics).
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// Every cartridge, sorted by slug.
    pub fn list(&self) -> Vec<CartridgeInfo> {
        self.inner
            .registry
            .all()
            .iter()
            .map(|slot| info(slot))
            .collect()
    }

    /// One cartridge's description.
    pub fn info(&self, slug: &str) -> Option<CartridgeInfo> {
        self.inner.registry.get(slug).map(|slot| info(&slot))
    }

    /// The serving version's module as published at `/c/{slug}/wasm`: only an interactive
    /// cartridge's (browsers run it); any other kind's module is refused
    /// ([`ExecError::ModuleNotPublic`]), since its requests may be sold.
    pub fn public_wasm(&self, slug: &str) -> Result<Vec<u8>, ExecError> {
        let slot = self
            .inner
            .registry
            .get(slug)
            .ok_or_else(|| ExecError::NotFound(slug.to_string()))?;
        if slot.current().program.kind() != Kind::Interactive {
            return Err(ExecError::ModuleNotPublic(slug.to_string()));
        }
        self.wasm(slug)
            .ok_or_else(|| ExecError::ModuleMissing(slug.to_string()))
    }

    /// The serving version's wasm bytes, whatever the kind (for the operator; not published).
    pub fn wasm(&self, slug: &str) -> Option<Vec<u8>> {
        let slot = self.inner.registry.get(slug)?;
        let hash = slot.current().program.hash().to_string();
        self.inner.persist.wasm(&hash).ok().flatten()
    }

    /// Deploys `source` as `slug`: compiles, validates, persists and swaps it in atomically,
    /// keeping the serving version for rollback. `price` defaults to the current price, or the
    /// configured default for a new cartridge. On any error nothing changes.
    pub async fn deploy(
        &self,
        slug: &str,
        source: DeploySource,
        price: Option<&str>,
    ) -> Result<CartridgeInfo, AdminError> {
        if !valid_slug(slug) {
            return Err(AdminError::InvalidSlug(slug.to_string()));
        }
        let price = match price {
            Some(p) => Some(parse_price(p)?),
            None => None,
        };
        let wasm = match source {
            DeploySource::Wasm(bytes) => bytes,
            DeploySource::Rust(src) => self.inner.compiler.compile(slug, &src).await?,
        };
        let engine = self.inner.engine.clone();
        let (wasm, program) = {
            let slug = slug.to_string();
            tokio::task::spawn_blocking(move || {
                let program = engine.load(&wasm, &slug);
                (wasm, program)
            })
            .await
            .map_err(|source| AdminError::Join {
                what: "load",
                source,
            })?
        };
        let program = program?;
        let slug = slug.to_string();
        self.admin_change("publish", move |this| {
            this.publish(&slug, program, &wasm, price)
        })
        .await
    }

    /// Runs one admin change on the blocking pool, serialized with the others, then collects
    /// the garbage it left in storage.
    async fn admin_change(
        &self,
        what: &'static str,
        change: impl FnOnce(&Self) -> Result<CartridgeInfo, AdminError> + Send + 'static,
    ) -> Result<CartridgeInfo, AdminError> {
        let _admin = self.inner.admin.lock().await;
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let info = change(&this)?;
            this.inner.persist.collect_garbage()?;
            Ok(info)
        })
        .await
        .map_err(|source| AdminError::Join { what, source })?
    }

    fn publish(
        &self,
        slug: &str,
        program: Program,
        wasm: &[u8],
        price: Option<Price>,
    ) -> Result<CartridgeInfo, AdminError> {
        let existing = self.inner.registry.get(slug);
        let created_ms = now_ms();
        match existing {
            Some(slot) => {
                let mut state = slot.state.write().expect("slot lock");
                let version = Arc::new(Version::new(state.next_version, program, created_ms));
                let price = price.unwrap_or(state.price);
                let record = Record {
                    slug: slug.to_string(),
                    price: price.to_string(),
                    next_version: state.next_version + 1,
                    current: version_record(&version),
                    previous: Some(version_record(&state.current)),
                };
                self.inner.persist.save(&record, Some(wasm))?;
                let old = std::mem::replace(&mut state.current, version);
                state.previous = Some(old);
                state.price = price;
                state.next_version += 1;
                tracing::info!(slug, version = state.current.number, hash = %state.current.program.hash(), "cartridge swapped");
                drop(state);
                Ok(info(&slot))
            }
            None => {
                let price = price.unwrap_or(self.inner.default_price);
                let version = Arc::new(Version::new(1, program, created_ms));
                let record = Record {
                    slug: slug.to_string(),
                    price: price.to_string(),
                    next_version: 2,
                    current: version_record(&version),
                    previous: None,
                };
                let kv = self.inner.persist.kv_tree(slug)?;
                let kv_usage = Arc::new(KvUsage::scan(&kv)?);
                self.inner.persist.save(&record, Some(wasm))?;
                let slot = Arc::new(Slot {
                    slug: slug.to_string(),
                    kv,
                    kv_usage,
                    state: RwLock::new(SlotState {
                        current: version,
                        previous: None,
                        price,
                        next_version: 2,
                        deleted: false,
                    }),
                    traffic: Default::default(),
                });
                self.inner.registry.insert(slot.clone());
                tracing::info!(slug, version = 1, hash = %slot.current().program.hash(), "cartridge deployed");
                Ok(info(&slot))
            }
        }
    }

    /// Restores the previous version of `slug`. The rolled-back version is kept in its place,
    /// so a second rollback restores it: rollback swaps the serving and the kept version.
    pub async fn rollback(&self, slug: &str) -> Result<CartridgeInfo, AdminError> {
        let slug = slug.to_string();
        self.admin_change("rollback", move |this| {
            this.rollback_now(&slug, None, Rolled::Kept)
        })
        .await
    }

    /// Restores the previous version of `slug` and discards the rolled-back one (the soul's
    /// fitness drop: a second drop removes the cartridge rather than restore the worse one).
    pub(crate) async fn rollback_discarding(
        &self,
        slug: &str,
    ) -> Result<CartridgeInfo, AdminError> {
        let slug = slug.to_string();
        self.admin_change("rollback", move |this| {
            this.rollback_now(&slug, None, Rolled::Discarded)
        })
        .await
    }

    /// Rolls `slug` back; with `only_if`, only while that version is still serving.
    fn rollback_now(
        &self,
        slug: &str,
        only_if: Option<&Arc<Version>>,
        rolled: Rolled,
    ) -> Result<CartridgeInfo, AdminError> {
        let slot = self
            .inner
            .registry
            .get(slug)
            .ok_or_else(|| AdminError::NotFound(slug.to_string()))?;
        let mut state = slot.state.write().expect("slot lock");
        if only_if.is_some_and(|v| !Arc::ptr_eq(v, &state.current)) {
            drop(state);
            return Ok(info(&slot));
        }
        let Some(previous) = state.previous.clone() else {
            return Err(AdminError::NoPreviousVersion(slug.to_string()));
        };
        let kept = match rolled {
            Rolled::Kept => Some(state.current.clone()),
            Rolled::Discarded => None,
        };
        let record = Record {
            slug: slug.to_string(),
            price: state.price.to_string(),
            next_version: state.next_version,
            current: version_record(&previous),
            previous: kept.as_deref().map(version_record),
        };
        self.inner.persist.save(&record, None)?;
        let bad = std::mem::replace(&mut state.current, previous);
        state.previous = kept;
        tracing::warn!(
            slug,
            from = bad.number,
            to = state.current.number,
            kept = state.previous.is_some(),
            "cartridge rolled back"
        );
        drop(state);
        Ok(info(&slot))
    }

    /// Deletes `slug`, its versions and its KV. Requests in flight finish; their KV writes are
    /// dropped.
    pub async fn delete(&self, slug: &str) -> Result<(), AdminError> {
        let _admin = self.inner.admin.lock().await;
        let slot = self
            .inner
            .registry
            .get(slug)
            .ok_or_else(|| AdminError::NotFound(slug.to_string()))?;
        let this = self.clone();
        let slug = slug.to_string();
        tokio::task::spawn_blocking(move || {
            let mut state = slot.state.write().expect("slot lock");
            this.inner.persist.delete(&slug)?;
            state.deleted = true;
            this.inner.registry.remove(&slug);
            drop(state);
            this.inner.persist.collect_garbage()?;
            tracing::info!(slug, "cartridge deleted");
            Ok(())
        })
        .await
        .map_err(|source| AdminError::Join {
            what: "delete",
            source,
        })?
    }

    /// Runs `request` on `slug`'s serving version. KV writes are committed only if the
    /// execution succeeded. Counts the outcome toward automatic rollback.
    pub async fn handle(
        &self,
        slug: &str,
        request: CartridgeRequest,
    ) -> Result<(CartridgeResponse, u64), ExecError> {
        let slot = self
            .inner
            .registry
            .get(slug)
            .ok_or_else(|| ExecError::NotFound(slug.to_string()))?;
        let permit = self.permit(&self.inner.slots_free).await?;
        self.run_in(permit, slot, request).await
    }

    /// Takes an execution slot from the paid pool (waiting at most the queue timeout), to hold
    /// while the payment settles and then run the request with [`Cartridges::handle_paid`].
    /// Free requests never use this pool.
    pub async fn reserve_paid(&self) -> Result<PaidSlot, ExecError> {
        Ok(PaidSlot(self.permit(&self.inner.slots_paid).await?))
    }

    /// Like [`Cartridges::handle`], in a slot reserved with [`Cartridges::reserve_paid`].
    pub async fn handle_paid(
        &self,
        slug: &str,
        request: CartridgeRequest,
        slot: PaidSlot,
    ) -> Result<(CartridgeResponse, u64), ExecError> {
        let cartridge = self
            .inner
            .registry
            .get(slug)
            .ok_or_else(|| ExecError::NotFound(slug.to_string()))?;
        self.run_in(slot.0, cartridge, request).await
    }

    async fn run_in(
        &self,
        permit: tokio::sync::OwnedSemaphorePermit,
        slot: Arc<Slot>,
        request: CartridgeRequest,
    ) -> Result<(CartridgeResponse, u64), ExecError> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            this.handle_blocking(&slot, &request)
        })
        .await
        .map_err(ExecError::Join)?
    }

    /// [`Cartridges::handle`] on the calling thread, without waiting for an execution slot.
    /// Blocking: for benchmarks and code already on a blocking thread.
    pub fn handle_sync(
        &self,
        slug: &str,
        request: &CartridgeRequest,
    ) -> Result<(CartridgeResponse, u64), ExecError> {
        let slot = self
            .inner
            .registry
            .get(slug)
            .ok_or_else(|| ExecError::NotFound(slug.to_string()))?;
        self.handle_blocking(&slot, request)
    }

    fn handle_blocking(
        &self,
        slot: &Arc<Slot>,
        request: &CartridgeRequest,
    ) -> Result<(CartridgeResponse, u64), ExecError> {
        let version = slot.current();
        let bytes = serde_json::to_vec(request).expect("request serializes");
        let kv = slot.kv_overlay(exec::kv_limits(self.inner.engine.limits()));
        let state = exec::top_state(
            &version.program,
            &slot.slug,
            kv,
            request.payment.as_ref(),
            self.inner.registry.clone(),
        );
        let result = exec::run_handle(&version.program, &bytes, state).and_then(|(resp, kv)| {
            // A paid request's writes are on disk before its response.
            slot.commit(kv.into_writes(), request.payment.is_some())
                .map_err(ExecError::SaveKv)?;
            Ok(resp)
        });
        // Only traps and timeouts count: a 5xx is the guest's own answer, which callers steer.
        let failed = result.as_ref().is_err_and(ExecError::is_cartridge_fault);
        let config = &self.inner.config;
        if version.observe(failed, config.health_window, config.health_threshold) {
            let (seen, failures) = version.health();
            tracing::warn!(slug = %slot.slug, version = version.number, seen, failures, "new version is failing: automatic rollback");
            if let Err(e) = self.rollback_now(&slot.slug, Some(&version), Rolled::Kept) {
                tracing::warn!(slug = %slot.slug, error = %e, "automatic rollback impossible");
            }
        }
        // A paid request's payment is revenue whatever the guest did with it.
        let paid_units = request
            .payment
            .as_ref()
            .map(|p| p.amount.parse::<u64>().unwrap_or(0));
        slot.traffic.record(paid_units);
        if let Err(e) = &result {
            tracing::debug!(slug = %slot.slug, version = version.number, error = %e, "cartridge request failed");
        }
        result.map(|resp| (resp, version.number))
    }

    /// Renders `slug` (an interactive cartridge) after `ticks` ticks.
    pub async fn frame(&self, slug: &str, ticks: u32) -> Result<Frame, ExecError> {
        let slot = self
            .inner
            .registry
            .get(slug)
            .ok_or_else(|| ExecError::NotFound(slug.to_string()))?;
        let permit = self.permit(&self.inner.slots_free).await?;
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let version = slot.current();
            let kv = KvOverlay::new(None, exec::kv_limits(this.inner.engine.limits()));
            let state = exec::top_state(
                &version.program,
                &slot.slug,
                kv,
                None,
                this.inner.registry.clone(),
            );
            exec::run_frame(&version.program, ticks, state)
        })
        .await
        .map_err(ExecError::Join)?
    }

    async fn permit(
        &self,
        pool: &Arc<Semaphore>,
    ) -> Result<tokio::sync::OwnedSemaphorePermit, ExecError> {
        // Fast path without arming a timer; wait (bounded) only when every slot is busy.
        if let Ok(permit) = pool.clone().try_acquire_owned() {
            return Ok(permit);
        }
        let wait = self.inner.config.queue_timeout;
        match tokio::time::timeout(wait, pool.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(ExecError::Busy),
        }
    }

    /// Time allowed to a top-level request.
    pub fn timeout(&self) -> Duration {
        self.inner.engine.limits().timeout
    }
}

/// What a rollback does with the version it replaces.
#[derive(Debug, Clone, Copy)]
enum Rolled {
    /// Kept as the previous version (a second rollback restores it).
    Kept,
    /// Dropped.
    Discarded,
}

fn version_record(v: &Version) -> VersionRecord {
    VersionRecord {
        number: v.number,
        hash: v.program.hash().to_string(),
        kind: v.program.kind(),
        created_ms: v.created_ms,
    }
}

fn info(slot: &Slot) -> CartridgeInfo {
    let state = slot.state.read().expect("slot lock");
    let program = &state.current.program;
    let (requests, paid_requests, revenue_micros) = slot.traffic.counts();
    CartridgeInfo {
        slug: slot.slug.clone(),
        kind: program.kind(),
        version: state.current.number,
        price: state.price.to_string(),
        price_micros: state.price.units(),
        requests,
        paid_requests,
        revenue_micros,
        hash: program.hash().to_string(),
        wasm_bytes: program.wasm_len(),
        previous_version: state.previous.as_ref().map(|p| p.number),
        deployed_ms: state.current.created_ms,
        abi: crate::abi::ABI_VERSION,
    }
}
