//! An echo metered by size: it answers the request body back with the request's own content
//! type (text/plain when none is given), at 10 token units per started 64 bytes of body. Unpaid
//! requests get 402 with the size and the price. A paid request is always served: a payment
//! that covers only some blocks gets those whole blocks back (the body's first 64 bytes per
//! block paid, as text/plain since a cut body is no longer of its type), and a payment below one
//! block is added to the payer's credit in KV (200 naming the credit), which pays toward their
//! next echo. Units not spent on blocks stay that credit. Only settled payments become credit:
//! on a settle-after route (`tx_hash` null) nothing is taken before a 2xx, so a payment there
//! below one block gets 402 with the size, the price and what was paid.
//! smoke: {"request": {"method": "POST", "body": "hello"}, "status": 402, "body": "{\"error\":\"payment required\",\"bytes\":5,\"price\":10}"}
//! smoke: {"request": {"method": "POST", "body": "hello", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "10", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "hello", "content_type": "text/plain"}
//! smoke: {"request": {"method": "POST", "body": "{\"note\":\"this JSON body is seventy bytes long so it costs two blocks\"}", "headers": {"content-type": "application/json"}, "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "10", "tx_hash": "0xaa02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"note\":\"this JSON body is seventy bytes long so it costs two bl", "content_type": "text/plain"}
//! smoke: {"request": {"method": "POST", "body": "{\"note\":\"this JSON body is seventy bytes long so it costs two blocks\"}", "headers": {"content-type": "application/json"}, "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "20", "tx_hash": "0xaa03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"note\":\"this JSON body is seventy bytes long so it costs two blocks\"}", "content_type": "application/json"}
//! smoke: {"request": {"method": "POST", "body": "hello", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "5", "tx_hash": "0xbb01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"echoed\":0,\"bytes\":5,\"price\":10,\"credit\":5}", "content_type": "application/json"}
//! smoke: {"request": {"method": "POST", "body": "hi", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "5", "tx_hash": "0xbb02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "hi", "content_type": "text/plain"}
//! smoke: {"request": {"method": "POST", "body": "", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "10", "tx_hash": "0xbb03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "", "content_type": "text/plain"}
//! smoke: {"request": {"method": "POST", "body": "hello", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "5", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"insufficient payment\",\"bytes\":5,\"price\":10,\"paid\":5}"}
//! smoke: {"request": {"method": "POST", "body": "hello", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "5", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"insufficient payment\",\"bytes\":5,\"price\":10,\"paid\":5}"}
#![no_std]
extern crate alloc;

use alloc::{
    format,
    string::{String, ToString},
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

/// The amount paid for this request in token units (6 decimals) and the KV key of the payer's
/// credit, or `None` when it was free. The key is `None` for a payment not settled yet (a
/// settle-after route, `tx_hash` null): nothing is taken before a 2xx answer, so a refusal
/// costs nothing, and a credit written now could outlive a settlement that fails.
fn payment() -> Option<(u64, Option<String>)> {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).ok()?;
    let amount = unquote(field(info, "amount")?)?.parse().ok()?;
    let key = field(info, "tx_hash").and_then(unquote).map(|_| {
        let payer = field(info, "payer").and_then(unquote).unwrap_or_default();
        format!("credit:{}", payer.to_ascii_lowercase())
    });
    Some((amount, key))
}

const BLOCK: u64 = 64;
const PRICE_PER_BLOCK: u64 = 10;

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let raw = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let body = field(doc, "body").and_then(unquote).unwrap_or_default();
    let content_type = field(doc, "headers")
        .and_then(|h| field(h, "content-type"))
        .and_then(unquote)
        .filter(|ct| !ct.is_empty() && ct.len() <= 128)
        .unwrap_or_else(|| String::from("text/plain"));

    let bytes = body.len() as u64;
    let blocks = bytes.div_ceil(BLOCK).max(1);
    let price = blocks * PRICE_PER_BLOCK;
    let Some((paid, key)) = payment() else {
        return reply(
            402,
            &format!("{{\"error\":\"payment required\",\"bytes\":{bytes},\"price\":{price}}}"),
        );
    };
    let credit: u64 = key
        .as_deref()
        .and_then(load)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let units = credit.saturating_add(paid);
    let bought = (units / PRICE_PER_BLOCK).min(blocks);
    let left = units - bought * PRICE_PER_BLOCK;
    match &key {
        Some(key) if left != credit && !store(key, &left.to_string()) => {
            return reply(507, "{\"error\":\"cannot record the credit\"}");
        }
        None if bought == 0 => {
            let body = format!(
                "{{\"error\":\"insufficient payment\",\"bytes\":{bytes},\"price\":{price},\"paid\":{paid}}}"
            );
            return reply(402, &body);
        }
        _ => {}
    }
    if bought == 0 {
        let body =
            format!("{{\"echoed\":0,\"bytes\":{bytes},\"price\":{price},\"credit\":{left}}}");
        return reply(200, &body);
    }
    if bought == blocks {
        return reply_as(200, &body, &content_type);
    }
    let mut end = (bought * BLOCK) as usize;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    reply_as(200, &body[..end], "text/plain");
}
