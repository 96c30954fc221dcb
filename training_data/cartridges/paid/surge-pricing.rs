//! Surge pricing for a limited drop: the price starts at 1000 token units and every sale
//! raises it by 10 % (rounded down), kept in KV. GET /price shows the current price and units
//! sold; POST /buy with a payment of at least the current price buys one unit (the answer gives
//! the unit number, the payer's credit and the next price). Unpaid requests to /buy get 402 with
//! the current price. A settled payment below the price (it rose meanwhile) is never kept for
//! nothing: it becomes the payer's credit in KV (200, not bought, with the credit), and a later
//! purchase draws on that credit for whatever its payment lacks. After 5 units the drop is sold
//! out (410); a settled payment sent then, or to an unknown route, is credited as well. A payment
//! not settled yet (a settle-after route, no hash) is not taken before a 2xx, so an underpaid
//! purchase there gets 402 with the price and nothing is credited.
//! smoke: {"request": {"path": "/price"}, "status": 200, "body": "{\"price\":1000,\"sold\":0,\"left\":5}"}
//! smoke: {"request": {"method": "POST", "path": "/buy", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "1000", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"unit\":1,\"paid\":1000,\"credit\":0,\"next_price\":1100}"}
//! smoke: {"request": {"method": "POST", "path": "/buy", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "1000", "tx_hash": "0xbb01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"bought\":false,\"price\":1100,\"paid\":1000,\"credit\":1000}"}
//! smoke: {"request": {"method": "POST", "path": "/buy"}, "status": 402, "body": "{\"error\":\"payment required\",\"price\":1100}"}
//! smoke: {"request": {"method": "POST", "path": "/buy", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "1000", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"price went up\",\"price\":1100,\"paid\":1000}"}
//! smoke: {"request": {"method": "POST", "path": "/buy", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "200", "tx_hash": "0xbb02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"unit\":2,\"paid\":200,\"credit\":100,\"next_price\":1210}"}
//! smoke: {"request": {"method": "POST", "path": "/buy", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "1210", "tx_hash": "0xcc01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"unit\":3,\"paid\":1210,\"credit\":0,\"next_price\":1331}"}
//! smoke: {"request": {"method": "POST", "path": "/buy", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "2000", "tx_hash": "0xcc02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"unit\":4,\"paid\":2000,\"credit\":0,\"next_price\":1464}"}
//! smoke: {"request": {"method": "POST", "path": "/sell", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "64", "tx_hash": "0xaa02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 404, "body": "{\"error\":\"routes: GET /price, POST /buy\",\"credit\":64}"}
//! smoke: {"request": {"method": "POST", "path": "/buy", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "1400", "tx_hash": "0xaa03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"unit\":5,\"paid\":1400,\"credit\":0,\"next_price\":null}"}
//! smoke: {"request": {"path": "/price"}, "status": 410, "body": "{\"error\":\"sold out\",\"sold\":5}"}
//! smoke: {"request": {"method": "POST", "path": "/buy", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "300", "tx_hash": "0xbb03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 410, "body": "{\"error\":\"sold out\",\"sold\":5,\"credit\":400}"}
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

const START_PRICE: u64 = 1_000;
const SUPPLY: u64 = 5;

fn number(key: &str, default: u64) -> u64 {
    load(key).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Answers `status` with a JSON object of `members`; a settled payment that came with the
/// request is added to the payer's credit, named in the answer.
fn refuse(status: i32, members: &str) {
    let Some((amount, Some(key))) = payment() else {
        return reply(status, &format!("{{{members}}}"));
    };
    let credit = number(&key, 0).saturating_add(amount);
    if !store(&key, &credit.to_string()) {
        return reply(507, "{\"error\":\"cannot record the credit\"}");
    }
    reply(status, &format!("{{{members},\"credit\":{credit}}}"));
}

fn buy(price: u64, sold: u64) {
    let Some((paid, key)) = payment() else {
        return reply(
            402,
            &format!("{{\"error\":\"payment required\",\"price\":{price}}}"),
        );
    };
    let credit = key.as_deref().map_or(0, |k| number(k, 0));
    let shortfall = price.saturating_sub(paid);
    if shortfall > credit {
        let Some(key) = key else {
            return reply(
                402,
                &format!("{{\"error\":\"price went up\",\"price\":{price},\"paid\":{paid}}}"),
            );
        };
        let credit = credit.saturating_add(paid);
        if !store(&key, &credit.to_string()) {
            return reply(507, "{\"error\":\"cannot record the credit\"}");
        }
        let body =
            format!("{{\"bought\":false,\"price\":{price},\"paid\":{paid},\"credit\":{credit}}}");
        return reply(200, &body);
    }
    // The credit pays only what the payment lacks.
    let left = credit - shortfall;
    let unit = sold + 1;
    let next = price + price / 10;
    let credit_saved = match &key {
        Some(key) if shortfall > 0 => store(key, &left.to_string()),
        _ => true,
    };
    if !credit_saved || !store("sold", &unit.to_string()) || !store("price", &next.to_string()) {
        return reply(507, "{\"error\":\"cannot record the sale\"}");
    }
    let next = if unit < SUPPLY {
        next.to_string()
    } else {
        "null".to_string()
    };
    reply(
        200,
        &format!("{{\"unit\":{unit},\"paid\":{paid},\"credit\":{left},\"next_price\":{next}}}"),
    );
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let raw = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let method = field(doc, "method").and_then(unquote).unwrap_or_default();
    let path = field(doc, "path").and_then(unquote).unwrap_or_default();

    let (price, sold) = (number("price", START_PRICE), number("sold", 0));
    if sold >= SUPPLY {
        return refuse(410, &format!("\"error\":\"sold out\",\"sold\":{sold}"));
    }
    match (method.as_str(), path.as_str()) {
        ("GET", "/price") => reply(
            200,
            &format!(
                "{{\"price\":{price},\"sold\":{sold},\"left\":{}}}",
                SUPPLY - sold
            ),
        ),
        ("POST", "/buy") => buy(price, sold),
        _ => refuse(404, "\"error\":\"routes: GET /price, POST /buy\""),
    }
}
