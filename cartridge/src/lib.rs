//! The cartridge engine: sandboxed, hot-swappable WebAssembly modules served by every node.
//!
//! A cartridge is a core wasm module (Rust compiled to `wasm32-unknown-unknown`) speaking the
//! cartridge ABI v2 ([`abi`]). [`Cartridges`] is the service a node embeds: it deploys
//! cartridges from Rust source or wasm bytes, validates them, persists them in sled, swaps
//! versions atomically with rollback, and runs each request in a fresh wasmtime Store with the
//! limits enforced during execution (memory via a resource limiter, wall clock via epoch
//! interruption, nested-call depth), on tokio's blocking pool.
//!
//! Layout: [`abi`] names and documents, [`config`] settings, [`engine`] the wasmtime engine and
//! loaded programs, `exec` one execution, `host` the host functions, `guest` bounds-checked
//! guest memory, [`kv`] transactional KV, `registry` versions per slug, `persist` sled records,
//! `cache` compiled modules on disk, `compiler` cargo, `sandbox` the build's jail, [`template`] generated sources,
//! [`service`] the node-facing API, [`cognitive`] the soul's hook, [`corpus`] the training corpus
//! of verified cartridges.

pub mod abi;
mod cache;
pub mod cognitive;
mod compiler;
pub mod config;
pub mod corpus;
pub mod engine;
mod error;
mod exec;
mod guest;
mod host;
pub mod kv;
mod persist;
mod registry;
mod sandbox;
pub mod service;
pub mod template;
mod ticker;
mod validate;

pub use abi::{CartridgeRequest, CartridgeResponse, PaymentInfo};
pub use cognitive::FitnessAction;
pub use config::{CartridgeConfig, Limits};
pub use engine::{Engine, NoCalls, Program};
pub use error::{
    AdminError, CompileError, ExecError, MAX_PRICE, ModuleError, OpenError, RestoreError, report,
};
pub use exec::Frame;
pub use host::Resolver;
pub use service::{CartridgeInfo, Cartridges, DeploySource, PaidSlot, valid_slug};
pub use validate::{COGNITIVE_PREFIX, Kind};
/// Prices are the payments crate's: `"$0"` is free (no 402).
pub use x402_payments::Price;
