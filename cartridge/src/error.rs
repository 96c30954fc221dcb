//! Error types of the cartridge engine, one per kind of operation.

use std::time::Duration;

use x402_payments::price::PriceError;

use crate::Price;

/// The most a cartridge may cost per request: $1,000,000.
pub const MAX_PRICE: Price = Price::from_units(1_000_000 * 1_000_000);

/// `error: cause: cause…`: `e` and every source, on one line. Errors keep their causes as
/// [`std::error::Error::source`]; this renders them once, where they leave as text (an HTTP body,
/// a log line, a tool's answer).
pub fn report(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// Why a request to a cartridge did not produce the cartridge's own response.
///
/// Each variant maps to one HTTP status ([`ExecError::http_status`]); none of them affects other
/// requests or other cartridges.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    /// No cartridge has this slug.
    #[error("no cartridge named {0:?}")]
    NotFound(String),
    /// The cartridge cannot serve this kind of request (e.g. an interactive cartridge without
    /// `x402_handle`).
    #[error("{0}")]
    Unsupported(String),
    /// The wall-clock limit was hit; execution was interrupted.
    #[error("cartridge exceeded its time limit of {} ms and was stopped", .0.as_millis())]
    Timeout(Duration),
    /// The cartridge tried to grow its memory past the limit and then failed.
    #[error("cartridge exceeded its memory limit of {} MiB", .0 >> 20)]
    MemoryLimit(usize),
    /// The cartridge trapped (panic, `unreachable`, bad memory access, host-function misuse).
    #[error("cartridge trapped: {0}")]
    Trap(String),
    /// `x402_init` returned a non-zero code.
    #[error("cartridge init returned {0}")]
    Init(i32),
    /// The cartridge produced a response the host cannot serve.
    #[error("invalid cartridge response: {0}")]
    InvalidResponse(String),
    /// The cartridge's output could not be read from its memory, or does not decode.
    #[error("invalid cartridge response")]
    UnreadableResponse(#[source] wasmtime::Error),
    /// A cognitive cartridge's body is not JSON.
    #[error("invalid cartridge response: body is not JSON")]
    NotJson(#[source] serde_json::Error),
    /// Every execution slot is busy.
    #[error("all cartridge execution slots are busy, retry later")]
    Busy,
    /// The module of a cartridge that is not interactive is not published (`/c/{slug}/wasm`):
    /// a backend sold per request must not be downloadable for free.
    #[error(
        "cartridge {0:?} is not interactive: only interactive cartridges' modules are published"
    )]
    ModuleNotPublic(String),
    /// A failure of the host (the module's memory is missing).
    #[error("cartridge host error: {0}")]
    Host(&'static str),
    /// The stored module of a cartridge is missing.
    #[error("cartridge host error: the module of {0:?} is missing")]
    ModuleMissing(String),
    /// The execution task panicked or was cancelled.
    #[error("cartridge host error: execution task failed")]
    Join(#[source] tokio::task::JoinError),
    /// The cartridge's KV writes could not be saved.
    #[error("cartridge host error: cannot save the cartridge's KV")]
    SaveKv(#[source] sled::Error),
}

impl ExecError {
    /// HTTP status for this error: 404, 400, 503 or a 5xx naming the failure.
    pub fn http_status(&self) -> u16 {
        match self {
            ExecError::NotFound(_) => 404,
            ExecError::Unsupported(_) => 400,
            ExecError::Timeout(_) => 504,
            ExecError::Busy => 503,
            ExecError::ModuleNotPublic(_) => 403,
            ExecError::InvalidResponse(_)
            | ExecError::UnreadableResponse(_)
            | ExecError::NotJson(_) => 502,
            ExecError::MemoryLimit(_)
            | ExecError::Trap(_)
            | ExecError::Init(_)
            | ExecError::Host(_)
            | ExecError::ModuleMissing(_)
            | ExecError::Join(_)
            | ExecError::SaveKv(_) => 500,
        }
    }

    /// Whether the failure counts against a new version's health (automatic rollback): only a
    /// trap (a panic, `unreachable`, a bad access, or a trap after the memory limit refused
    /// growth) or the wall-clock limit. What the guest answers itself (a 5xx, a non-zero
    /// `x402_init`, an out-of-range status) does not count: callers choose the inputs that
    /// lead to such answers, and must not be able to roll a cartridge back.
    pub fn is_cartridge_fault(&self) -> bool {
        matches!(
            self,
            ExecError::Timeout(_) | ExecError::MemoryLimit(_) | ExecError::Trap(_)
        )
    }
}

/// Why a module was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    /// The bytes are not a valid WebAssembly module.
    #[error("malformed wasm module")]
    Malformed(#[source] wasmtime::Error),
    /// The module imports something outside the cartridge ABI.
    #[error(
        "forbidden import `{module}::{name}`: cartridges may import only the x402 host functions \
         (module `x402`: log, kv_get, kv_set, payment_info, response, call; or their `env` aliases)"
    )]
    ForbiddenImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// An import has the right name but the wrong signature.
    #[error("import `{module}::{name}` has the wrong signature: expected {expected}")]
    ImportSignature {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
        /// The ABI's signature.
        expected: String,
    },
    /// A required export is missing or has the wrong type.
    #[error("{0}")]
    Exports(String),
    /// The module is larger than allowed.
    #[error("module is {size} bytes, the limit is {limit}")]
    TooLarge {
        /// Size of the module.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The module validated but cannot be instantiated within the limits.
    #[error("module cannot be instantiated")]
    Instantiate(#[source] wasmtime::Error),
    /// The module's trial instantiation (with `x402_init`) failed.
    #[error("module cannot be instantiated")]
    Probe(#[source] Box<ExecError>),
}

/// Why compiling Rust source failed.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// cargo reported errors; `0` is its output, verbatim, truncated.
    #[error("compilation failed:\n{0}")]
    Failed(String),
    /// cargo did not finish in time; its whole process group was killed.
    #[error("compilation did not finish within {} s and was killed", .0.as_secs())]
    Timeout(Duration),
    /// The source is larger than allowed.
    #[error("source is {size} bytes, the limit is {limit}")]
    TooLarge {
        /// Size of the source.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// cargo could not be started or its output read.
    #[error("cannot run cargo: {0}")]
    Io(#[from] std::io::Error),
    /// The cargo executable was not found.
    #[error("cannot compile Rust source: cargo ({}) was not found", .0.display())]
    CargoMissing(std::path::PathBuf),
    /// The build sandbox is not installed: source is never compiled without it (a build can
    /// read any file the node can, and the node's environment).
    #[error(
        "cannot compile Rust source: the build sandbox `{}` (bubblewrap) is not installed, and \
         source is never compiled unsandboxed; install it (`apt-get install bubblewrap`, or \
         run scripts/setup) or upload a compiled module (`wasm_base64`)",
        .0.display()
    )]
    NoSandbox(std::path::PathBuf),
}

/// Why an administrative operation (deploy, rollback, delete) failed. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The slug is not acceptable.
    #[error("invalid slug {0:?}: use 1-64 characters from [A-Za-z0-9_-]")]
    InvalidSlug(String),
    /// The price is not acceptable.
    #[error("invalid price: use dollars like \"$0.001\" (at most 6 decimals) or \"$0\"")]
    InvalidPrice(#[source] PriceError),
    /// The price is above what a cartridge may cost.
    #[error("price {price} is above the most a cartridge may cost, {max}")]
    TooExpensive {
        /// The price asked.
        price: Price,
        /// [`MAX_PRICE`].
        max: Price,
    },
    /// No cartridge has this slug.
    #[error("no cartridge named {0:?}")]
    NotFound(String),
    /// Rollback asked for but no other version is kept.
    #[error("cartridge {0:?} has no previous version to roll back to")]
    NoPreviousVersion(String),
    /// The Rust source did not compile.
    #[error(transparent)]
    Compile(#[from] CompileError),
    /// The module was rejected.
    #[error(transparent)]
    Module(#[from] ModuleError),
    /// Storage failed.
    #[error("storage error")]
    Storage(#[from] sled::Error),
    /// The blocking task of the change panicked or was cancelled.
    #[error("storage error: the {what} task failed")]
    Join {
        /// The change (`publish`, `rollback`, `delete`, `load`).
        what: &'static str,
        /// The cause.
        #[source]
        source: tokio::task::JoinError,
    },
}

impl AdminError {
    /// HTTP status for this error.
    pub fn http_status(&self) -> u16 {
        match self {
            AdminError::NotFound(_) => 404,
            AdminError::NoPreviousVersion(_) => 409,
            AdminError::Storage(_) | AdminError::Join { .. } => 500,
            AdminError::Compile(CompileError::Io(_)) => 500,
            AdminError::Compile(CompileError::CargoMissing(_) | CompileError::NoSandbox(_)) => 503,
            AdminError::Compile(CompileError::Timeout(_)) => 504,
            _ => 400,
        }
    }
}

/// Why the engine or the cartridge store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// wasmtime refused the configuration.
    #[error("cannot create the wasm engine")]
    Engine(#[source] wasmtime::Error),
    /// The configured default price is not a price.
    #[error("invalid default price {text:?}")]
    DefaultPrice {
        /// The configured text.
        text: String,
        /// Why.
        #[source]
        source: PriceError,
    },
    /// A directory could not be created.
    #[error("cannot prepare {path}")]
    Io {
        /// The directory.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The database failed.
    #[error("storage error")]
    Storage(#[from] sled::Error),
}

/// Why a persisted cartridge could not be restored at startup (it is skipped, the others serve).
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    /// The database failed.
    #[error("storage error")]
    Storage(#[from] sled::Error),
    /// The module of a version is not stored.
    #[error("module {0} is missing")]
    MissingModule(String),
    /// The stored module is no longer accepted.
    #[error("stored module rejected")]
    Module(#[from] ModuleError),
    /// The stored price is not a price.
    #[error("invalid stored price {text:?}")]
    Price {
        /// The stored text.
        text: String,
        /// Why.
        #[source]
        source: PriceError,
    },
}
