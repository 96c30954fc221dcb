//! Sells a document by the byte at 10 token units per byte: a paid GET answers as much of the
//! document as the payment buys, as text/plain, from its start (the whole document once paid in
//! full, never cutting a character in half). Units a request does not spend (the change below a
//! byte's price, or anything beyond the full price) are kept in KV as the payer's credit and are
//! spent first by their next request; a payment too small for a single byte answers 200 with the
//! credit instead of text. An unpaid request gets 402 with the document's size and full price.
//! Only settled payments become credit: on a settle-after route (`tx_hash` null) nothing is
//! taken before a 2xx, so a payment there that buys no byte gets 402 instead.
//! smoke: {"request": {}, "status": 402, "body": "{\"error\":\"payment required\",\"bytes\":117,\"price_per_byte\":10,\"full_price\":1170}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "95", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "It is a t", "content_type": "text/plain; charset=utf-8"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "5", "tx_hash": "0xaa02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "I", "content_type": "text/plain; charset=utf-8"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "5", "tx_hash": "0xaa03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"bytes\":0,\"credit\":5,\"price_per_byte\":10}", "content_type": "application/json"}
//! smoke: {"request": {"payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "100000", "tx_hash": "0xbb01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife."}
//! smoke: {"request": {"payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "1", "tx_hash": "0xbb02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife."}
//! smoke: {"request": {"payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "9", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"payment buys no byte\",\"price_per_byte\":10}"}
//! smoke: {"request": {"payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "50", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "It is"}
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

/// The KV key of the payer's credit and the units this request can spend (that credit plus
/// the payment), or `None` when the request was free. The key is `None` for a payment not
/// settled yet (a settle-after route, `tx_hash` null): nothing is taken before a 2xx answer, so
/// a refusal costs nothing, and a credit written now could outlive a settlement that fails.
fn purse() -> Option<(Option<String>, u64)> {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).ok()?;
    let amount: u64 = unquote(field(info, "amount")?)?.parse().ok()?;
    if field(info, "tx_hash").and_then(unquote).is_none() {
        return Some((None, amount));
    }
    let payer = field(info, "payer").and_then(unquote).unwrap_or_default();
    let key = format!("credit:{}", payer.to_ascii_lowercase());
    let credit: u64 = load(&key).and_then(|v| v.parse().ok()).unwrap_or(0);
    Some((Some(key), credit.saturating_add(amount)))
}

const DOCUMENT: &str = "It is a truth universally acknowledged, that a single man in possession \
of a good fortune, must be in want of a wife.";
const PRICE_PER_BYTE: u64 = 10;

#[no_mangle]
pub extern "C" fn x402_handle(_req_ptr: i32, _req_len: i32) {
    let Some((key, units)) = purse() else {
        let body = format!(
            "{{\"error\":\"payment required\",\"bytes\":{},\"price_per_byte\":{PRICE_PER_BYTE},\"full_price\":{}}}",
            DOCUMENT.len(),
            DOCUMENT.len() as u64 * PRICE_PER_BYTE
        );
        return reply(402, &body);
    };
    let mut end = usize::try_from(units / PRICE_PER_BYTE)
        .unwrap_or(usize::MAX)
        .min(DOCUMENT.len());
    while !DOCUMENT.is_char_boundary(end) {
        end -= 1;
    }
    // Only the bytes served are charged; the rest of the units stay the payer's.
    let change = units - end as u64 * PRICE_PER_BYTE;
    let Some(key) = key else {
        if end == 0 {
            let body = format!(
                "{{\"error\":\"payment buys no byte\",\"price_per_byte\":{PRICE_PER_BYTE}}}"
            );
            return reply(402, &body);
        }
        return reply_as(200, &DOCUMENT[..end], "text/plain; charset=utf-8");
    };
    if !store(&key, &change.to_string()) {
        return reply(507, "{\"error\":\"cannot record the credit\"}");
    }
    if end == 0 {
        return reply(
            200,
            &format!("{{\"bytes\":0,\"credit\":{change},\"price_per_byte\":{PRICE_PER_BYTE}}}"),
        );
    }
    reply_as(200, &DOCUMENT[..end], "text/plain; charset=utf-8");
}
