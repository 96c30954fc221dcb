//! Checks that the payment of the request is well-formed and reports each field: payer and
//! asset must be `0x` addresses of 40 hex digits, the amount a whole number without leading
//! zeros, the network a CAIP-2 `eip155:<chain id>`, and the settlement hash `0x` and 64 hex
//! digits (or null when settled after the handler: `settled` false). 200 when every check
//! passes, 422 with the same report otherwise, 402 without a payment.
//! smoke: {"request": {}, "status": 402, "body": "{\"error\":\"payment required\"}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "1000", "tx_hash": "0xabababababababababababababababababababababababababababababababab", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"valid\":true,\"settled\":true,\"checks\":{\"payer\":true,\"amount\":true,\"network\":true,\"asset\":true,\"tx_hash\":true}}"}
//! smoke: {"request": {"payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "250", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"valid\":true,\"settled\":false,\"checks\":{\"payer\":true,\"amount\":true,\"network\":true,\"asset\":true,\"tx_hash\":true}}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "1000", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 422, "body": "{\"valid\":false,\"settled\":true,\"checks\":{\"payer\":true,\"amount\":true,\"network\":true,\"asset\":true,\"tx_hash\":false}}"}
//! smoke: {"request": {"payment": {"payer": "alice", "amount": "0100", "tx_hash": null, "network": "tempo", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 422, "body": "{\"valid\":false,\"settled\":false,\"checks\":{\"payer\":false,\"amount\":false,\"network\":false,\"asset\":true,\"tx_hash\":true}}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String};
use core::alloc::{GlobalAlloc, Layout};

#[link(wasm_import_module = "x402")]
extern "C" {
    fn payment_info() -> i64;
    fn response(status: i32, body_ptr: *const u8, body_len: i32, ct_ptr: *const u8, ct_len: i32);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Bump allocator: a static arena, then fresh pages. Every request runs in a fresh instance,
/// so nothing is ever freed.
struct Bump;

const ARENA: usize = 128 * 1024;
static mut HEAP: [u8; ARENA] = [0; ARENA];
static mut USED: usize = 0;

unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let start = (USED + layout.align() - 1) & !(layout.align() - 1);
        if start + layout.size() <= ARENA {
            USED = start + layout.size();
            return core::ptr::addr_of_mut!(HEAP).cast::<u8>().add(start);
        }
        match core::arch::wasm32::memory_grow(0, layout.size().div_ceil(65536)) {
            usize::MAX => core::ptr::null_mut(),
            page => (page * 65536) as *mut u8,
        }
    }

    unsafe fn dealloc(&self, _: *mut u8, _: Layout) {}
}

#[global_allocator]
static BUMP: Bump = Bump;

/// The host places every buffer it passes in (request, KV values, call results) here.
#[no_mangle]
pub extern "C" fn x402_alloc(size: i32) -> i32 {
    let Ok(layout) = Layout::from_size_align(size as usize, 8) else {
        core::arch::wasm32::unreachable()
    };
    let ptr = unsafe { BUMP.alloc(layout) };
    if ptr.is_null() {
        core::arch::wasm32::unreachable()
    }
    ptr as i32
}

/// The bytes of a packed `(ptr << 32) | len` value the host returned (empty for 0).
fn unpack(packed: i64) -> &'static [u8] {
    let (ptr, len) = ((packed as u64 >> 32) as usize, packed as u32 as usize);
    if packed == 0 {
        return &[];
    }
    unsafe { core::slice::from_raw_parts(ptr as *const u8, len) }
}

fn reply(status: i32, body: &str) {
    reply_as(status, body, "application/json");
}

fn reply_as(status: i32, body: &str, content_type: &str) {
    let ct = content_type.as_bytes();
    unsafe {
        response(
            status,
            body.as_ptr(),
            body.len() as i32,
            ct.as_ptr(),
            ct.len() as i32,
        )
    };
}

/// The raw JSON text of member `key` of the object `obj` (top level only).
fn field<'a>(obj: &'a str, key: &str) -> Option<&'a str> {
    let b = obj.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        if b.get(i) == Some(&b'}') {
            return None;
        }
        let key_end = skip_value(b, i)?;
        let name = obj.get(i + 1..key_end - 1)?;
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let start = skip_ws(b, i + 1);
        let end = skip_value(b, start)?;
        if name == key {
            return Some(&obj[start..end]);
        }
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return None,
        }
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Index just past the JSON value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => {
            let mut j = i + 1;
            loop {
                match *b.get(j)? {
                    b'\\' => j += 2,
                    b'"' => return Some(j + 1),
                    _ => j += 1,
                }
            }
        }
        b'{' | b'[' => {
            let (mut depth, mut j) = (0usize, i);
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = skip_value(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// Decodes a JSON string literal (quotes included in `raw`).
fn unquote(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                let code = u32::from_str_radix(&hex, 16).ok()?;
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// `0x` followed by exactly `digits` hex digits.
fn is_hex(value: &str, digits: usize) -> bool {
    value.len() == digits + 2
        && value.starts_with("0x")
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_amount(value: &str) -> bool {
    !value.is_empty()
        && value.bytes().all(|b| b.is_ascii_digit())
        && (value == "0" || !value.starts_with('0'))
}

fn is_network(value: &str) -> bool {
    value
        .strip_prefix("eip155:")
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

#[no_mangle]
pub extern "C" fn x402_handle(_req_ptr: i32, _req_len: i32) {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).unwrap_or("null");
    if !info.starts_with('{') {
        return reply(402, "{\"error\":\"payment required\"}");
    }
    let text = |key: &str| field(info, key).and_then(unquote).unwrap_or_default();
    let tx = field(info, "tx_hash").unwrap_or("null");
    let settled = tx != "null";
    let checks = [
        ("payer", is_hex(&text("payer"), 40)),
        ("amount", is_amount(&text("amount"))),
        ("network", is_network(&text("network"))),
        ("asset", is_hex(&text("asset"), 40)),
        (
            "tx_hash",
            !settled || unquote(tx).is_some_and(|t| is_hex(&t, 64)),
        ),
    ];
    let valid = checks.iter().all(|(_, ok)| *ok);
    let list: String = checks
        .iter()
        .map(|(name, ok)| format!("\"{name}\":{ok}"))
        .collect::<alloc::vec::Vec<_>>()
        .join(",");
    let body = format!("{{\"valid\":{valid},\"settled\":{settled},\"checks\":{{{list}}}}}");
    reply(if valid { 200 } else { 422 }, &body);
}
