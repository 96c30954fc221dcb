//! Content-addressed blobs (model weights) over iroh-blobs.
//!
//! A [`BlobNode`] owns a fully offline iroh [`Endpoint`] (no relays, no pkarr/DNS address lookup,
//! no portmapper, no net-report probes), a file store in its data directory and a [`Router`]
//! serving [`iroh_blobs::ALPN`], so every complete blob the node holds is served to peers.
//! Provider addresses are learned out of band (heartbeats, registry) and registered with
//! [`BlobNode::add_provider`]; downloads are verified while streaming (BLAKE3/bao, 16 KiB groups).
//!
//! The endpoint key is the node's ed25519 seed, so the libp2p `PeerId` and the iroh endpoint id
//! are the same public key ([`seed_endpoint_id`], [`peer_id_to_endpoint_id`]).
//!
//! Every blob is kept under a named tag; blobs without a tag are deleted by the store's garbage
//! collector (every [`BlobConfig::gc_interval`]), so [`BlobNode::delete_tag`] and
//! [`BlobNode::prune_tags`] are how old rounds are released.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
pub use iroh::EndpointId;
use iroh::address_lookup::MemoryLookup;
use iroh::endpoint::{PortmapperConfig, presets};
use iroh::protocol::Router;
use iroh::{Endpoint, EndpointAddr, NetReportConfig, RelayMode, SecretKey};
use iroh_blobs::api::blobs::BlobStatus;
use iroh_blobs::api::remote::GetProgressItem;
use iroh_blobs::store::GcConfig;
use iroh_blobs::store::fs::FsStore;
use iroh_blobs::store::fs::options::Options as FsOptions;
use iroh_blobs::{BlobsProtocol, HashAndFormat};
use serde::{Deserialize, Serialize};

mod id;
pub use id::{
    BlobHash, endpoint_id_hex, parse_endpoint_id, peer_id_to_endpoint_id, seed_endpoint_id,
};

/// Default largest blob [`BlobNode::fetch`] accepts: 256 MiB.
pub const DEFAULT_MAX_BLOB_SIZE: u64 = 256 * 1024 * 1024;
/// Default time allowed to establish a connection to one provider.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default longest pause in a transfer before the provider is abandoned.
pub const DEFAULT_STALL_TIMEOUT: Duration = Duration::from_secs(15);
/// Default interval of the store's garbage collector (deletes blobs without a tag).
pub const DEFAULT_GC_INTERVAL: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// One provider's failure during [`BlobNode::fetch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderFailure {
    /// The provider's endpoint id.
    pub provider: EndpointId,
    /// What went wrong with this provider.
    pub reason: String,
}

impl fmt::Display for ProviderFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.provider, self.reason)
    }
}

fn join_failures(failures: &[ProviderFailure]) -> String {
    failures
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Errors of the blob layer.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The blob store in the data directory could not be opened.
    #[error("cannot open blob store in {path}: {reason}")]
    StoreOpen {
        /// Store directory.
        path: String,
        /// Cause.
        reason: String,
    },
    /// A store operation failed.
    #[error("blob store {op} failed: {reason}")]
    Store {
        /// The operation (`add`, `read`, `list`, ...).
        op: &'static str,
        /// Cause.
        reason: String,
    },
    /// The iroh endpoint could not be bound.
    #[error("cannot bind iroh endpoint on {addr}: {reason}")]
    Bind {
        /// Requested bind address.
        addr: SocketAddr,
        /// Cause.
        reason: String,
    },
    /// A string is not a valid endpoint id (64 lowercase hex chars), or a peer id embeds no
    /// ed25519 key.
    #[error("invalid endpoint id {input:?}: {reason}")]
    InvalidEndpointId {
        /// The rejected input (truncated).
        input: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A string is not a valid blob hash.
    #[error("invalid blob hash {input:?}: {reason}")]
    InvalidHash {
        /// The rejected input (truncated).
        input: String,
        /// Why it was rejected.
        reason: String,
    },
    /// `add_provider` was called without addresses.
    #[error("no addresses given for provider {0}")]
    NoAddresses(EndpointId),
    /// A tag name is empty.
    #[error("tag names must not be empty")]
    EmptyTag,
    /// The blob is not complete in the local store.
    #[error("blob {0} is not in the local store")]
    NotFound(BlobHash),
    /// `fetch` was called with no provider other than this node.
    #[error("no providers to fetch blob {0} from")]
    NoProviders(BlobHash),
    /// The blob is larger than the configured maximum; nothing beyond its last chunk was downloaded.
    #[error(
        "blob {hash} is {size} bytes, larger than the limit of {max} bytes (provider {provider})"
    )]
    TooLarge {
        /// Requested blob.
        hash: BlobHash,
        /// Verified size reported by the provider.
        size: u64,
        /// Configured limit.
        max: u64,
        /// Provider that proved the size.
        provider: EndpointId,
    },
    /// Every provider failed.
    #[error("fetching blob {hash} failed at all {} providers: {}", failures.len(), join_failures(failures))]
    AllProvidersFailed {
        /// Requested blob.
        hash: BlobHash,
        /// One entry per provider tried, in order.
        failures: Vec<ProviderFailure>,
    },
    /// Shutting the node down failed.
    #[error("blob node shutdown failed: {0}")]
    Shutdown(String),
    /// A file system operation failed.
    #[error("{op} {path}: {source}")]
    Io {
        /// What was attempted.
        op: &'static str,
        /// File involved.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
}

/// Formats an error with its whole source chain (iroh errors keep the detail in sources).
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let msg = s.to_string();
        if !out.contains(&msg) {
            out.push_str(": ");
            out.push_str(&msg);
        }
        cur = s.source();
    }
    out
}

fn store_err(op: &'static str) -> impl Fn(&(dyn std::error::Error + 'static)) -> BlobError {
    move |e| BlobError::Store {
        op,
        reason: chain(e),
    }
}

// ---------------------------------------------------------------------------------------------
// Config
// ---------------------------------------------------------------------------------------------

/// Configuration of a [`BlobNode`] (builder style).
#[derive(Clone)]
pub struct BlobConfig {
    data_dir: PathBuf,
    seed: [u8; 32],
    bind: SocketAddr,
    max_blob_size: u64,
    connect_timeout: Duration,
    stall_timeout: Duration,
    gc_interval: Option<Duration>,
}

impl fmt::Debug for BlobConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlobConfig")
            .field("data_dir", &self.data_dir)
            .field("seed", &"..")
            .field("bind", &self.bind)
            .field("max_blob_size", &self.max_blob_size)
            .field("connect_timeout", &self.connect_timeout)
            .field("stall_timeout", &self.stall_timeout)
            .field("gc_interval", &self.gc_interval)
            .finish()
    }
}

impl BlobConfig {
    /// A store in `data_dir`, keyed by the node's 32-byte ed25519 `seed`, bound to
    /// `127.0.0.1:0`, accepting blobs up to [`DEFAULT_MAX_BLOB_SIZE`].
    pub fn new(data_dir: impl Into<PathBuf>, seed: [u8; 32]) -> Self {
        Self {
            data_dir: data_dir.into(),
            seed,
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            max_blob_size: DEFAULT_MAX_BLOB_SIZE,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            stall_timeout: DEFAULT_STALL_TIMEOUT,
            gc_interval: Some(DEFAULT_GC_INTERVAL),
        }
    }

    /// UDP socket address of the endpoint (`0.0.0.0:port` listens on all interfaces).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// Largest blob [`BlobNode::fetch`] accepts, in bytes.
    pub fn max_blob_size(mut self, bytes: u64) -> Self {
        self.max_blob_size = bytes;
        self
    }

    /// Time allowed to connect to one provider before trying the next.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Longest pause without transfer progress before a provider is abandoned.
    pub fn stall_timeout(mut self, timeout: Duration) -> Self {
        self.stall_timeout = timeout;
        self
    }

    /// Interval of the store's garbage collector, which deletes blobs that no tag references;
    /// `None` disables it (deleted tags then free no disk space).
    pub fn gc_interval(mut self, interval: Option<Duration>) -> Self {
        self.gc_interval = interval;
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Node
// ---------------------------------------------------------------------------------------------

/// A complete blob in the local store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobInfo {
    /// Content hash.
    pub hash: BlobHash,
    /// Size in bytes.
    pub size: u64,
    /// Names of the tags that keep it (sorted).
    pub tags: Vec<String>,
}

struct Inner {
    endpoint: Endpoint,
    router: Router,
    store: FsStore,
    lookup: MemoryLookup,
    config: BlobConfig,
}

/// A running blob node: offline iroh endpoint + file store + blobs protocol server.
///
/// Cheap to clone; all clones share one endpoint and store.
#[derive(Clone)]
pub struct BlobNode {
    inner: Arc<Inner>,
}

impl fmt::Debug for BlobNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlobNode")
            .field("endpoint_id", &self.endpoint_id())
            .field("direct_addrs", &self.direct_addrs())
            .field("data_dir", &self.inner.config.data_dir)
            .finish()
    }
}

impl BlobNode {
    /// Opens the store in `config.data_dir`, binds a fully offline endpoint and starts serving.
    pub async fn spawn(config: BlobConfig) -> Result<BlobNode, BlobError> {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| BlobError::Io {
            op: "create blob directory",
            path: config.data_dir.display().to_string(),
            source,
        })?;
        let mut options = FsOptions::new(&config.data_dir);
        options.gc = config.gc_interval.map(|interval| GcConfig {
            interval,
            add_protected: None,
        });
        let store = FsStore::load_with_opts(config.data_dir.join("blobs.db"), options)
            .await
            .map_err(|e| BlobError::StoreOpen {
                path: config.data_dir.display().to_string(),
                reason: chain(&e),
            })?;

        let lookup = MemoryLookup::new();
        let bind_err = |reason: String| BlobError::Bind {
            addr: config.bind,
            reason,
        };
        // `Minimal` only sets the crypto provider: no relays, no pkarr/DNS lookup. The explicit
        // calls below keep it that way even if the preset changes.
        let endpoint = Endpoint::builder(presets::Minimal)
            .relay_mode(RelayMode::Disabled)
            .clear_address_lookup()
            .address_lookup(lookup.clone())
            .portmapper_config(PortmapperConfig::Disabled)
            .net_report_config(NetReportConfig::minimal())
            .secret_key(SecretKey::from_bytes(&config.seed))
            .clear_ip_transports()
            .bind_addr(config.bind)
            .map_err(|e| bind_err(chain(&e)))?
            .bind()
            .await
            .map_err(|e| bind_err(chain(&e)))?;

        let blobs = BlobsProtocol::new(&store, None);
        let router = Router::builder(endpoint.clone())
            .accept(iroh_blobs::ALPN, blobs)
            .spawn();
        tracing::info!(
            endpoint_id = %endpoint.id(),
            bound = ?endpoint.bound_sockets(),
            dir = %config.data_dir.display(),
            "blob node started"
        );
        Ok(BlobNode {
            inner: Arc::new(Inner {
                endpoint,
                router,
                store,
                lookup,
                config,
            }),
        })
    }

    /// This node's endpoint id (its ed25519 public key).
    pub fn endpoint_id(&self) -> EndpointId {
        self.inner.endpoint.id()
    }

    /// Socket addresses peers can dial; an unspecified bind (`0.0.0.0`) is expanded to the
    /// interface addresses iroh knows plus loopback.
    pub fn direct_addrs(&self) -> Vec<SocketAddr> {
        let mut out = BTreeSet::new();
        for sock in self.inner.endpoint.bound_sockets() {
            let ip = sock.ip();
            if ip.is_unspecified() {
                let lo: IpAddr = match ip {
                    IpAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
                    IpAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
                };
                out.insert(SocketAddr::new(lo, sock.port()));
                for a in self.inner.endpoint.addr().ip_addrs() {
                    if a.port() == sock.port() && a.is_ipv4() == sock.is_ipv4() {
                        out.insert(*a);
                    }
                }
            } else {
                out.insert(sock);
            }
        }
        out.into_iter().collect()
    }

    /// Registers (adds to) the direct addresses of a provider, so it can be dialled by id.
    pub fn add_provider(&self, id: EndpointId, addrs: &[SocketAddr]) -> Result<(), BlobError> {
        if addrs.is_empty() {
            return Err(BlobError::NoAddresses(id));
        }
        if id == self.inner.endpoint.id() {
            return Ok(());
        }
        let mut addr = EndpointAddr::new(id);
        for a in addrs {
            addr = addr.with_ip_addr(*a);
        }
        self.inner.lookup.add_endpoint_info(addr);
        Ok(())
    }

    /// Forgets the addresses of a provider.
    pub fn remove_provider(&self, id: EndpointId) {
        self.inner.lookup.remove_endpoint_info(id);
    }

    /// Adds `bytes` to the store under the named tag `tag` (replacing that tag's previous
    /// target) and returns its hash (= BLAKE3 of the bytes).
    pub async fn add_bytes(
        &self,
        bytes: impl Into<Vec<u8>>,
        tag: &str,
    ) -> Result<BlobHash, BlobError> {
        check_tag(tag)?;
        let bytes: Vec<u8> = bytes.into();
        let haf = self
            .inner
            .store
            .blobs()
            .add_bytes(bytes)
            .with_named_tag(tag)
            .await
            .map_err(|e| store_err("add")(&e))?;
        Ok(BlobHash::from_iroh(haf.hash))
    }

    /// Adds the file at `path` (copied into the store) under the named tag `tag`.
    pub async fn add_file(&self, path: &Path, tag: &str) -> Result<BlobHash, BlobError> {
        check_tag(tag)?;
        let abs = std::path::absolute(path).map_err(|source| BlobError::Io {
            op: "resolve",
            path: path.display().to_string(),
            source,
        })?;
        let haf = self
            .inner
            .store
            .blobs()
            .add_path(abs)
            .with_named_tag(tag)
            .await
            .map_err(|e| store_err("add file")(&e))?;
        Ok(BlobHash::from_iroh(haf.hash))
    }

    /// The bytes of a blob that is complete in the local store.
    pub async fn read(&self, hash: &BlobHash) -> Result<Vec<u8>, BlobError> {
        if !self.has(hash).await {
            return Err(BlobError::NotFound(*hash));
        }
        let bytes = self
            .inner
            .store
            .blobs()
            .get_bytes(hash.to_iroh())
            .await
            .map_err(|e| store_err("read")(&e))?;
        Ok(Vec::from(bytes))
    }

    /// Streams a complete local blob from the store: bytes are read as the caller consumes
    /// them, so serving a large blob never holds it in memory.
    pub async fn reader(
        &self,
        hash: &BlobHash,
    ) -> Result<impl tokio::io::AsyncRead + Send + Unpin + 'static, BlobError> {
        if !self.has(hash).await {
            return Err(BlobError::NotFound(*hash));
        }
        Ok(self.inner.store.blobs().reader(hash.to_iroh()))
    }

    /// Writes a complete local blob to `target` (parent directories must exist).
    pub async fn export(&self, hash: &BlobHash, target: &Path) -> Result<u64, BlobError> {
        if !self.has(hash).await {
            return Err(BlobError::NotFound(*hash));
        }
        let abs = std::path::absolute(target).map_err(|source| BlobError::Io {
            op: "resolve",
            path: target.display().to_string(),
            source,
        })?;
        self.inner
            .store
            .blobs()
            .export(hash.to_iroh(), abs)
            .finish()
            .await
            .map_err(|e| store_err("export")(&e))
    }

    /// Whether the blob is complete in the local store.
    pub async fn has(&self, hash: &BlobHash) -> bool {
        self.size_local(hash).await.is_some()
    }

    async fn size_local(&self, hash: &BlobHash) -> Option<u64> {
        match self.inner.store.blobs().status(hash.to_iroh()).await {
            Ok(BlobStatus::Complete { size }) => Some(size),
            _ => None,
        }
    }

    /// All complete local blobs with their sizes and tags, sorted by hash.
    pub async fn list(&self) -> Result<Vec<BlobInfo>, BlobError> {
        let store = &self.inner.store;
        let mut tags: BTreeMap<BlobHash, Vec<String>> = BTreeMap::new();
        let mut stream = store
            .tags()
            .list()
            .await
            .map_err(|e| store_err("list tags")(&e))?;
        while let Some(info) = stream.next().await {
            let info = info.map_err(|e| store_err("list tags")(&e))?;
            tags.entry(BlobHash::from_iroh(info.hash))
                .or_default()
                .push(tag_name(&info.name));
        }
        let hashes = store
            .blobs()
            .list()
            .hashes()
            .await
            .map_err(|e| store_err("list blobs")(&e))?;
        let mut out = Vec::with_capacity(hashes.len());
        for h in hashes {
            let hash = BlobHash::from_iroh(h);
            if let Some(size) = self.size_local(&hash).await {
                let mut t = tags.remove(&hash).unwrap_or_default();
                t.sort();
                out.push(BlobInfo {
                    hash,
                    size,
                    tags: t,
                });
            }
        }
        out.sort_by_key(|b| b.hash);
        Ok(out)
    }

    /// The blob a tag points to, if the tag exists.
    pub async fn tag(&self, tag: &str) -> Result<Option<BlobHash>, BlobError> {
        let info = self
            .inner
            .store
            .tags()
            .get(tag)
            .await
            .map_err(|e| store_err("get tag")(&e))?;
        Ok(info.map(|i| BlobHash::from_iroh(i.hash)))
    }

    /// Fetches a blob from the first provider (endpoint ids, tried in order) that serves it,
    /// verifying it while streaming, and keeps it under `tag` so this node serves it too.
    ///
    /// The size is proven (last chunk, verified against the hash) before the download starts,
    /// so blobs above [`BlobConfig::max_blob_size`] are rejected without downloading them.
    /// A partial download from a failed provider is resumed from the next one. If the blob is
    /// already complete locally only the tag is set. Returns the blob size.
    pub async fn fetch(
        &self,
        hash: &BlobHash,
        providers: &[EndpointId],
        tag: &str,
    ) -> Result<u64, BlobError> {
        check_tag(tag)?;
        let store = &self.inner.store;
        let haf = HashAndFormat::raw(hash.to_iroh());
        if let Some(size) = self.size_local(hash).await {
            self.set_tag(tag, haf).await?;
            return Ok(size);
        }
        // Protect partial data from the garbage collector until the named tag is set.
        let _guard = store
            .tags()
            .temp_tag(haf)
            .await
            .map_err(|e| store_err("protect download")(&e))?;
        let me = self.inner.endpoint.id();
        let mut failures = Vec::new();
        let mut tried = 0usize;
        for &provider in providers {
            if provider == me {
                continue;
            }
            tried += 1;
            match self.fetch_from(hash, provider).await {
                Ok(size) => {
                    self.set_tag(tag, haf).await?;
                    if !failures.is_empty() {
                        tracing::debug!(%hash, ?failures, "blob fetched after provider failures");
                    }
                    return Ok(size);
                }
                Err(Attempt::TooLarge(size)) => {
                    return Err(BlobError::TooLarge {
                        hash: *hash,
                        size,
                        max: self.inner.config.max_blob_size,
                        provider,
                    });
                }
                Err(Attempt::Failed(reason)) => {
                    tracing::debug!(%hash, %provider, %reason, "blob provider failed");
                    failures.push(ProviderFailure { provider, reason })
                }
            }
        }
        if tried == 0 && failures.is_empty() {
            return Err(BlobError::NoProviders(*hash));
        }
        Err(BlobError::AllProvidersFailed {
            hash: *hash,
            failures,
        })
    }

    async fn fetch_from(&self, hash: &BlobHash, id: EndpointId) -> Result<u64, Attempt> {
        let inner = &self.inner;
        let cfg = &inner.config;
        if inner.lookup.get_endpoint_info(id).is_none() {
            return Err(Attempt::Failed(
                "no known addresses (call add_provider first)".into(),
            ));
        }
        let conn = tokio::time::timeout(
            cfg.connect_timeout,
            inner.endpoint.connect(id, iroh_blobs::ALPN),
        )
        .await
        .map_err(|_| Attempt::Failed(format!("connect timed out after {:?}", cfg.connect_timeout)))?
        .map_err(|e| Attempt::Failed(format!("connect failed: {}", chain(&e))))?;

        let result = async {
            let (size, _) = tokio::time::timeout(
                cfg.stall_timeout,
                iroh_blobs::get::request::get_verified_size(&conn, &hash.to_iroh()),
            )
            .await
            .map_err(|_| {
                Attempt::Failed(format!(
                    "size probe timed out after {:?}",
                    cfg.stall_timeout
                ))
            })?
            .map_err(|e| {
                Attempt::Failed(format!(
                    "provider does not serve the blob or sent an invalid size proof: {}",
                    chain(&e)
                ))
            })?;
            if size > cfg.max_blob_size {
                return Err(Attempt::TooLarge(size));
            }
            let mut progress = inner
                .store
                .remote()
                .fetch(conn.clone(), hash.to_iroh())
                .stream();
            loop {
                let item = tokio::time::timeout(cfg.stall_timeout, progress.next())
                    .await
                    .map_err(|_| {
                        Attempt::Failed(format!("transfer stalled for {:?}", cfg.stall_timeout))
                    })?;
                match item {
                    Some(GetProgressItem::Progress(_)) => {}
                    Some(GetProgressItem::Done(_)) => break,
                    Some(GetProgressItem::Error(e)) => {
                        return Err(Attempt::Failed(format!("transfer failed: {}", chain(&e))));
                    }
                    None => return Err(Attempt::Failed("transfer ended without result".into())),
                }
            }
            match self.size_local(hash).await {
                Some(size) => Ok(size),
                None => Err(Attempt::Failed(
                    "transfer finished but the blob is incomplete".into(),
                )),
            }
        }
        .await;
        conn.close(0u32.into(), b"done");
        result
    }

    async fn set_tag(&self, tag: &str, haf: HashAndFormat) -> Result<(), BlobError> {
        self.inner
            .store
            .tags()
            .set(tag, haf)
            .await
            .map_err(|e| store_err("set tag")(&e))
    }

    /// Deletes a named tag; returns whether it existed. The blob is deleted by the next
    /// garbage collection if no other tag references it.
    pub async fn delete_tag(&self, tag: &str) -> Result<bool, BlobError> {
        let n = self
            .inner
            .store
            .tags()
            .delete(tag)
            .await
            .map_err(|e| store_err("delete tag")(&e))?;
        Ok(n > 0)
    }

    /// Deletes all tags starting with `prefix` except the `keep_newest` greatest ones in natural
    /// order (digit runs compare numerically: `round-9` < `round-10`). Returns the deleted tag names.
    pub async fn prune_tags(
        &self,
        prefix: &str,
        keep_newest: usize,
    ) -> Result<Vec<String>, BlobError> {
        let store = &self.inner.store;
        let mut names = Vec::new();
        let mut stream = store
            .tags()
            .list_prefix(prefix)
            .await
            .map_err(|e| store_err("list tags")(&e))?;
        while let Some(info) = stream.next().await {
            let info = info.map_err(|e| store_err("list tags")(&e))?;
            names.push(info.name);
        }
        names.sort_by(|a, b| natural_cmp(a.as_ref(), b.as_ref()));
        let cut = names.len().saturating_sub(keep_newest);
        let mut deleted = Vec::with_capacity(cut);
        for name in names.into_iter().take(cut) {
            store
                .tags()
                .delete(&name)
                .await
                .map_err(|e| store_err("delete tag")(&e))?;
            deleted.push(tag_name(&name));
        }
        Ok(deleted)
    }

    /// Stops serving, closes the endpoint and flushes and closes the store.
    pub async fn shutdown(self) -> Result<(), BlobError> {
        let inner = &self.inner;
        let synced = inner.store.sync_db().await.map_err(|e| chain(&e));
        // Stops the accept loop, shuts the protocol handlers down (the blobs handler shuts the
        // store down and waits for it) and closes the endpoint. A second `store.shutdown()`
        // would fail: the store actor is gone.
        inner
            .router
            .shutdown()
            .await
            .map_err(|e| BlobError::Shutdown(format!("router: {}", chain(&e))))?;
        synced.map_err(|e| BlobError::Shutdown(format!("store flush: {e}")))?;
        tracing::info!(endpoint_id = %inner.endpoint.id(), "blob node stopped");
        Ok(())
    }
}

enum Attempt {
    TooLarge(u64),
    Failed(String),
}

fn check_tag(tag: &str) -> Result<(), BlobError> {
    if tag.is_empty() {
        Err(BlobError::EmptyTag)
    } else {
        Ok(())
    }
}

fn tag_name(tag: &iroh_blobs::api::Tag) -> String {
    String::from_utf8_lossy(tag.as_ref()).into_owned()
}

/// Natural order: runs of ASCII digits compare by numeric value, everything else bytewise.
fn natural_cmp(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let si = i;
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let da = trim_zeros(&a[si..i]);
            let db = trim_zeros(&b[sj..j]);
            let ord = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
            if ord != Ordering::Equal {
                return ord;
            }
        } else {
            let ord = a[i].cmp(&b[j]);
            if ord != Ordering::Equal {
                return ord;
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j)).then_with(|| a.cmp(b))
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let n = d.iter().take_while(|&&c| c == b'0').count();
    &d[n..]
}

#[cfg(test)]
mod tests;
