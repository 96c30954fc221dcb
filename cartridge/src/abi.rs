//! Cartridge ABI v2: export and import names, the packed `(ptr << 32) | len` convention and the
//! JSON documents exchanged with guests. Compatible with the reference system's cartridges.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// ABI version implemented by this engine.
pub const ABI_VERSION: u32 = 2;

/// Required export: the guest's linear memory.
pub const EXPORT_MEMORY: &str = "memory";
/// Request entry point `(req_ptr: i32, req_len: i32)`.
pub const EXPORT_HANDLE: &str = "x402_handle";
/// Optional allocator `(size: i32) -> i32` used for every buffer the host passes in.
pub const EXPORT_ALLOC: &str = "x402_alloc";
/// Optional initialiser: `() -> i32` (non-zero aborts) or, for interactive cartridges,
/// `(width: i32, height: i32)`.
pub const EXPORT_INIT: &str = "x402_init";
/// Interactive: advance one frame.
pub const EXPORT_TICK: &str = "x402_tick";
/// Interactive: pointer to the RGBA framebuffer.
pub const EXPORT_FRAMEBUFFER: &str = "x402_get_framebuffer";
/// Interactive, optional: framebuffer width.
pub const EXPORT_WIDTH: &str = "x402_get_width";
/// Interactive, optional: framebuffer height.
pub const EXPORT_HEIGHT: &str = "x402_get_height";

/// Primary module of the host imports.
pub const HOST_MODULE: &str = "x402";
/// Compatibility module (`x402_`-prefixed names, plus `malloc`/`free`).
pub const COMPAT_MODULE: &str = "env";

/// Default framebuffer size of interactive cartridges.
pub const DEFAULT_FRAME: (u32, u32) = (320, 240);
/// Content type when the guest sets none.
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// A host function of the ABI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostFn {
    /// `log(level, ptr, len)`: 0 debug, 1 info, 2 warn, ≥ 3 error.
    Log,
    /// `kv_get(kptr, klen) -> i64`: packed value, 0 if missing.
    KvGet,
    /// `kv_set(kptr, klen, vptr, vlen) -> i32`: 0 ok, −1 error.
    KvSet,
    /// `payment_info() -> i64`: packed JSON of the payment, or `null`.
    PaymentInfo,
    /// `response(status, body_ptr, body_len, ct_ptr, ct_len)`.
    Response,
    /// `call(slug_ptr, slug_len, req_ptr, req_len) -> i64`: packed JSON [`CallResult`], 0 on error.
    Call,
    /// `env.malloc(size) -> ptr`: bump allocation at the end of memory.
    Malloc,
    /// `env.free(ptr)`: no-op.
    Free,
}

/// Every accepted import: `(module, name, function)`.
pub const IMPORTS: &[(&str, &str, HostFn)] = &[
    (HOST_MODULE, "log", HostFn::Log),
    (HOST_MODULE, "kv_get", HostFn::KvGet),
    (HOST_MODULE, "kv_set", HostFn::KvSet),
    (HOST_MODULE, "payment_info", HostFn::PaymentInfo),
    (HOST_MODULE, "response", HostFn::Response),
    (HOST_MODULE, "call", HostFn::Call),
    (COMPAT_MODULE, "x402_log", HostFn::Log),
    (COMPAT_MODULE, "x402_kv_get", HostFn::KvGet),
    (COMPAT_MODULE, "x402_kv_set", HostFn::KvSet),
    (COMPAT_MODULE, "x402_payment_info", HostFn::PaymentInfo),
    (COMPAT_MODULE, "x402_response", HostFn::Response),
    (COMPAT_MODULE, "x402_call", HostFn::Call),
    (COMPAT_MODULE, "malloc", HostFn::Malloc),
    (COMPAT_MODULE, "free", HostFn::Free),
];

impl HostFn {
    /// The function an import name refers to, if the ABI has it.
    pub fn lookup(module: &str, name: &str) -> Option<HostFn> {
        IMPORTS
            .iter()
            .find(|(m, n, _)| *m == module && *n == name)
            .map(|(_, _, f)| *f)
    }

    /// The signature, as written in the docs.
    pub fn signature(self) -> &'static str {
        match self {
            HostFn::Log => "(i32, i32, i32) -> ()",
            HostFn::KvGet => "(i32, i32) -> i64",
            HostFn::KvSet => "(i32, i32, i32, i32) -> i32",
            HostFn::PaymentInfo => "() -> i64",
            HostFn::Response => "(i32, i32, i32, i32, i32) -> ()",
            HostFn::Call => "(i32, i32, i32, i32) -> i64",
            HostFn::Malloc => "(i32) -> i32",
            HostFn::Free => "(i32) -> ()",
        }
    }
}

/// Packs a guest buffer as `(ptr << 32) | len`.
pub fn pack(ptr: u32, len: u32) -> i64 {
    ((u64::from(ptr) << 32) | u64::from(len)) as i64
}

/// Splits a packed `(ptr << 32) | len`.
pub fn unpack(packed: i64) -> (u32, u32) {
    let v = packed as u64;
    ((v >> 32) as u32, v as u32)
}

/// The payment that paid for a request (filled by the node's 402 paywall; `None` when the
/// request was free).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInfo {
    /// Address of the payer.
    pub payer: String,
    /// Amount in the token's smallest unit, as a decimal string.
    pub amount: String,
    /// Settlement transaction hash (`None` when the route settles after the handler).
    pub tx_hash: Option<String>,
    /// CAIP-2 network of the payment (`eip155:42431`).
    pub network: String,
    /// Token address paid in.
    pub asset: String,
}

/// The request document a guest receives in `x402_handle`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartridgeRequest {
    /// HTTP method.
    pub method: String,
    /// Path below the cartridge (`/` for `/c/{slug}`), with the query string if any.
    pub path: String,
    /// Body as UTF-8 (invalid bytes replaced).
    pub body: String,
    /// Request headers, lower-case names.
    pub headers: BTreeMap<String, String>,
    /// Payment of this request; `null` when unpaid.
    pub payment: Option<PaymentInfo>,
}

/// What the guest answered through `response()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartridgeResponse {
    /// HTTP status (100-599).
    pub status: u16,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Content type.
    pub content_type: String,
}

impl Default for CartridgeResponse {
    /// What a guest that never calls `response()` answers: 200, empty body.
    fn default() -> Self {
        CartridgeResponse {
            status: 200,
            body: Vec::new(),
            content_type: DEFAULT_CONTENT_TYPE.to_string(),
        }
    }
}

/// The document `call` returns to the calling guest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CallResult {
    /// Status set by the callee.
    pub status: u16,
    /// Body as UTF-8 (invalid bytes replaced).
    pub body: String,
    /// Content type set by the callee.
    pub content_type: String,
    /// Wall time of the nested call.
    pub duration_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_round_trips_full_range() {
        for (p, l) in [(0, 0), (1, 2), (u32::MAX, u32::MAX), (0x8000_0000, 7)] {
            assert_eq!(unpack(pack(p, l)), (p, l));
        }
        assert_eq!(pack(1, 2), (1 << 32) | 2);
    }

    #[test]
    fn request_serializes_with_null_payment() {
        let json = serde_json::to_value(CartridgeRequest::default()).unwrap();
        assert!(json["payment"].is_null());
        assert!(json["headers"].is_object());
    }

    #[test]
    fn payment_serializes_with_the_documented_fields() {
        let payment = PaymentInfo {
            payer: "0xabc".into(),
            amount: "1000".into(),
            tx_hash: None,
            network: "eip155:42431".into(),
            asset: "0x20c0".into(),
        };
        let json = serde_json::to_value(&payment).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["amount", "asset", "network", "payer", "tx_hash"]);
        assert!(json["tx_hash"].is_null(), "settled after the handler");
    }

    #[test]
    fn env_aliases_map_to_the_same_functions() {
        assert_eq!(HostFn::lookup("env", "x402_call"), Some(HostFn::Call));
        assert_eq!(HostFn::lookup("x402", "call"), Some(HostFn::Call));
        assert_eq!(HostFn::lookup("x402", "malloc"), None);
        assert_eq!(HostFn::lookup("wasi_snapshot_preview1", "fd_write"), None);
    }
}
