//! Revenue sharing: every payment to POST /pay is split between the author (50 %), the editor
//! (30 %) and the host (20 %), rounding down for editor and host and giving the remainder to
//! the author, so no unit is lost; the shares accumulate in KV. GET /balances shows what each
//! beneficiary has earned. An unpaid POST gets 402.
//! smoke: {"request": {"method": "POST", "path": "/pay"}, "status": 402, "body": "{\"error\":\"payment required\"}"}
//! smoke: {"request": {"method": "POST", "path": "/pay", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "1000", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"split\":{\"author\":500,\"editor\":300,\"host\":200}}"}
//! smoke: {"request": {"method": "POST", "path": "/pay", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "333", "tx_hash": "0xbb01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"split\":{\"author\":168,\"editor\":99,\"host\":66}}"}
//! smoke: {"request": {"path": "/balances"}, "status": 200, "body": "{\"author\":668,\"editor\":399,\"host\":266,\"total\":1333}"}
//! smoke: {"request": {"method": "PUT", "path": "/balances"}, "status": 405, "body": "{\"error\":\"GET /balances or POST /pay\"}"}
#![no_std]
extern crate alloc;

use alloc::{
    format,
    string::{String, ToString},
    vec::Vec,
};
use core::alloc::{GlobalAlloc, Layout};

#[link(wasm_import_module = "x402")]
extern "C" {
    fn kv_get(key_ptr: *const u8, key_len: i32) -> i64;
    fn kv_set(key_ptr: *const u8, key_len: i32, val_ptr: *const u8, val_len: i32) -> i32;
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

/// The value stored under `key` in this cartridge's KV, if any.
fn load(key: &str) -> Option<&'static str> {
    let packed = unsafe { kv_get(key.as_ptr(), key.len() as i32) };
    if packed == 0 {
        return None;
    }
    core::str::from_utf8(unpack(packed)).ok()
}

/// Stores `value` under `key`; false when the host refused the write (size or quota).
fn store(key: &str, value: &str) -> bool {
    unsafe {
        kv_set(
            key.as_ptr(),
            key.len() as i32,
            value.as_ptr(),
            value.len() as i32,
        ) == 0
    }
}

/// The amount paid for this request in token units (6 decimals), or `None` when it was free.
fn paid_amount() -> Option<u64> {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).ok()?;
    unquote(field(info, "amount")?)?.parse().ok()
}

/// Beneficiaries and their share in percent; the first one also gets the rounding remainder.
const SHARES: [(&str, u64); 3] = [("author", 50), ("editor", 30), ("host", 20)];

fn balance(name: &str) -> u64 {
    load(&format!("balance:{name}"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Splits `amount` by [`SHARES`]; the parts always add up to `amount`.
fn split(amount: u64) -> [u64; 3] {
    let mut parts = [0u64; 3];
    for (i, (_, percent)) in SHARES.iter().enumerate().skip(1) {
        parts[i] = amount / 100 * percent + amount % 100 * percent / 100;
    }
    parts[0] = amount - parts[1] - parts[2];
    parts
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let raw = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let method = field(doc, "method").and_then(unquote).unwrap_or_default();
    let path = field(doc, "path").and_then(unquote).unwrap_or_default();

    match (method.as_str(), path.as_str()) {
        ("POST", "/pay") => {
            let Some(amount) = paid_amount() else {
                return reply(402, "{\"error\":\"payment required\"}");
            };
            let parts = split(amount);
            for ((name, _), part) in SHARES.iter().zip(parts) {
                if !store(
                    &format!("balance:{name}"),
                    &balance(name).saturating_add(part).to_string(),
                ) {
                    return reply(507, "{\"error\":\"cannot record the split\"}");
                }
            }
            let list: Vec<String> = SHARES
                .iter()
                .zip(parts)
                .map(|((n, _), p)| format!("\"{n}\":{p}"))
                .collect();
            reply(200, &format!("{{\"split\":{{{}}}}}", list.join(",")))
        }
        ("GET", "/balances") => {
            let list: Vec<String> = SHARES
                .iter()
                .map(|(n, _)| format!("\"{n}\":{}", balance(n)))
                .collect();
            let total: u64 = SHARES.iter().map(|(n, _)| balance(n)).sum();
            reply(200, &format!("{{{},\"total\":{total}}}", list.join(",")))
        }
        (_, "/pay" | "/balances") => reply(405, "{\"error\":\"GET /balances or POST /pay\"}"),
        _ => reply(404, "{\"error\":\"no such route\"}"),
    }
}
