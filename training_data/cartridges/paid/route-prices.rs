//! Text tools priced per route: POST /upper (1000 units), /reverse (2000) and /rot13 (3000)
//! transform the body and answer text/plain; GET /prices lists the prices for free. A request
//! without payment gets 402 with the route's price. A paid request never loses its money: the
//! payer's credit stored in KV makes up what the payment lacks (only the shortfall is taken
//! from it), and a payment that still falls short is added to that credit (200 with the credit
//! and the price). An unknown route answers 404 and other methods 405, crediting any payment.
//! Only settled payments become credit: on a settle-after route (`tx_hash` null) nothing is
//! taken before a 2xx, so an underpaid request there gets 402 with the price and amount paid.
//! smoke: {"request": {"path": "/prices"}, "status": 200, "body": "{\"/upper\":1000,\"/reverse\":2000,\"/rot13\":3000}"}
//! smoke: {"request": {"method": "POST", "path": "/rot13", "body": "Hello"}, "status": 402, "body": "{\"error\":\"payment required\",\"price\":3000}"}
//! smoke: {"request": {"method": "POST", "path": "/rot13", "body": "Hello", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "1000", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"served\":false,\"credit\":1000,\"price\":3000}", "content_type": "application/json"}
//! smoke: {"request": {"method": "POST", "path": "/rot13", "body": "Hello, World", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "2000", "tx_hash": "0xaa02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "Uryyb, Jbeyq", "content_type": "text/plain; charset=utf-8"}
//! smoke: {"request": {"method": "POST", "path": "/upper", "body": "abc", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "500", "tx_hash": "0xaa03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"served\":false,\"credit\":500,\"price\":1000}"}
//! smoke: {"request": {"method": "POST", "path": "/reverse", "body": "añb", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "2000", "tx_hash": "0xbb01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "bña"}
//! smoke: {"request": {"method": "POST", "path": "/upper", "body": "mixed Case", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "5000", "tx_hash": "0xbb02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "MIXED CASE"}
//! smoke: {"request": {"method": "POST", "path": "/shout", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "5000", "tx_hash": "0xbb03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 404, "body": "{\"error\":\"unknown route\",\"credit\":5000}"}
//! smoke: {"request": {"method": "POST", "path": "/rot13", "body": "abc", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "1", "tx_hash": "0xbb04", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "nop"}
//! smoke: {"request": {"method": "POST", "path": "/reverse", "body": "ab", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "1000", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"insufficient payment\",\"price\":2000,\"paid\":1000}"}
//! smoke: {"request": {"method": "POST", "path": "/upper", "body": "ab", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "1000", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "AB"}
//! smoke: {"request": {"method": "POST", "path": "/shout"}, "status": 404, "body": "{\"error\":\"unknown route\"}"}
//! smoke: {"request": {"method": "PUT", "path": "/upper"}, "status": 405, "body": "{\"error\":\"POST to a route, or GET /prices\"}"}
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

/// The parts of the request document this cartridge reads.
struct Request {
    method: String,
    path: String,
    body: String,
}

fn request(ptr: i32, len: i32) -> Request {
    let raw = unsafe { core::slice::from_raw_parts(ptr as *const u8, len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let text = |key: &str| field(doc, key).and_then(unquote).unwrap_or_default();
    Request {
        method: text("method"),
        path: text("path"),
        body: text("body"),
    }
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

/// A payer's credit: money paid earlier that bought nothing yet.
struct Credit {
    key: String,
    amount: u64,
}

impl Credit {
    fn of(payer: &str) -> Credit {
        let key = format!("credit:{}", payer.to_ascii_lowercase());
        let amount = load(&key).and_then(|v| v.parse().ok()).unwrap_or(0);
        Credit { key, amount }
    }

    fn save(&self, amount: u64) -> bool {
        store(&self.key, &amount.to_string())
    }
}

/// The payment of this request, or `None` when it was free: the amount in token units (6
/// decimals) and the payer whose credit it may touch. That payer is `None` for a payment not
/// settled yet (a settle-after route, `tx_hash` null): nothing is taken before a 2xx answer, so
/// a refusal costs nothing, and a credit written now could outlive a settlement that fails.
fn payment() -> Option<(Option<String>, u64)> {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).ok()?;
    let amount = unquote(field(info, "amount")?)?.parse().ok()?;
    let settled = field(info, "tx_hash").and_then(unquote).is_some();
    let payer = field(info, "payer").and_then(unquote).unwrap_or_default();
    Some((settled.then_some(payer), amount))
}

const ROUTES: [(&str, u64); 3] = [("/upper", 1_000), ("/reverse", 2_000), ("/rot13", 3_000)];

fn rot13(c: char) -> char {
    match c {
        'a'..='z' => (((c as u8 - b'a') + 13) % 26 + b'a') as char,
        'A'..='Z' => (((c as u8 - b'A') + 13) % 26 + b'A') as char,
        _ => c,
    }
}

fn transform(route: &str, text: &str) -> String {
    match route {
        "/upper" => text.chars().flat_map(char::to_uppercase).collect(),
        "/reverse" => text.chars().rev().collect(),
        _ => text.chars().map(rot13).collect(),
    }
}

/// Answers `status` with `error`; a payment that came with the request becomes the payer's
/// credit (named in the answer) instead of being kept for nothing.
fn refuse(status: i32, error: &str, paid: Option<(Option<String>, u64)>) {
    let Some((Some(payer), amount)) = paid else {
        return reply(status, &format!("{{\"error\":\"{error}\"}}"));
    };
    let credit = Credit::of(&payer);
    let total = credit.amount.saturating_add(amount);
    if !credit.save(total) {
        return reply(507, "{\"error\":\"cannot record the credit\"}");
    }
    reply(
        status,
        &format!("{{\"error\":\"{error}\",\"credit\":{total}}}"),
    );
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let req = request(req_ptr, req_len);
    if req.method == "GET" && req.path == "/prices" {
        let list: String = ROUTES
            .iter()
            .map(|(route, price)| format!("\"{route}\":{price}"))
            .collect::<alloc::vec::Vec<_>>()
            .join(",");
        return reply(200, &format!("{{{list}}}"));
    }
    let paid = payment();
    if req.method != "POST" {
        return refuse(405, "POST to a route, or GET /prices", paid);
    }
    let Some(&(route, price)) = ROUTES.iter().find(|(route, _)| *route == req.path) else {
        return refuse(404, "unknown route", paid);
    };
    let Some((payer, amount)) = paid else {
        return reply(
            402,
            &format!("{{\"error\":\"payment required\",\"price\":{price}}}"),
        );
    };
    let shortfall = price.saturating_sub(amount);
    let Some(payer) = payer else {
        if shortfall > 0 {
            let body = format!(
                "{{\"error\":\"insufficient payment\",\"price\":{price},\"paid\":{amount}}}"
            );
            return reply(402, &body);
        }
        return reply_as(
            200,
            &transform(route, &req.body),
            "text/plain; charset=utf-8",
        );
    };
    let credit = Credit::of(&payer);
    if shortfall > credit.amount {
        let total = credit.amount.saturating_add(amount);
        if !credit.save(total) {
            return reply(507, "{\"error\":\"cannot record the credit\"}");
        }
        let body = format!("{{\"served\":false,\"credit\":{total},\"price\":{price}}}");
        return reply(200, &body);
    }
    if shortfall > 0 && !credit.save(credit.amount - shortfall) {
        return reply(507, "{\"error\":\"cannot record the credit\"}");
    }
    reply_as(
        200,
        &transform(route, &req.body),
        "text/plain; charset=utf-8",
    );
}
