//! Sorts a JSON array of numbers (POST the array as the body) with an allowance bought by
//! payment: 5 numbers are free, and every 100 token units paid allow one more. An unpaid request
//! with too many numbers gets 402 with the limit. A paid request is always served: it sorts as
//! many numbers from the front of the array as its payment and the payer's stored credit allow
//! (saying how many were left out), and the units it does not spend (all of them when the free
//! allowance was enough) stay in KV as the payer's credit, named in the answer. A body that is
//! not an array gets 400; an element to sort that is not a finite number 422 naming its index
//! (a paid request's payment is credited then, since nothing was sorted). Only settled payments
//! become credit: on a settle-after route (`tx_hash` null) nothing is taken before a 2xx, so
//! too many numbers for the payment get 402 there, as without payment.
//! smoke: {"request": {"method": "POST", "body": "[5, 3, 9, 1]"}, "status": 200, "body": "{\"sorted\":[1,3,5,9],\"count\":4}"}
//! smoke: {"request": {"method": "POST", "body": "[6,5,4,3,2,1]"}, "status": 402, "body": "{\"error\":\"too many numbers for the payment\",\"count\":6,\"limit\":5,\"price_per_extra\":100}"}
//! smoke: {"request": {"method": "POST", "body": "[6,5,4,3,2,1]", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "100", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"sorted\":[1,2,3,4,5,6],\"count\":6,\"left_out\":0,\"credit\":0}"}
//! smoke: {"request": {"method": "POST", "body": "[9,8,7,6,5,4,3,2]", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "150", "tx_hash": "0xaa02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"sorted\":[4,5,6,7,8,9],\"count\":6,\"left_out\":2,\"credit\":50}"}
//! smoke: {"request": {"method": "POST", "body": "[3,1,2,0,5,4,7]", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "150", "tx_hash": "0xaa03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"sorted\":[0,1,2,3,4,5,7],\"count\":7,\"left_out\":0,\"credit\":0}"}
//! smoke: {"request": {"method": "POST", "body": "[2, 1]", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "40", "tx_hash": "0xbb01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"sorted\":[1,2],\"count\":2,\"left_out\":0,\"credit\":40}"}
//! smoke: {"request": {"method": "POST", "body": "[1, 2, 3, 4, 5, 6, 7, \"eight\"]", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "100", "tx_hash": "0xbb02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"sorted\":[1,2,3,4,5,6],\"count\":6,\"left_out\":2,\"credit\":40}"}
//! smoke: {"request": {"method": "POST", "body": "[1, null]", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "60", "tx_hash": "0xbb03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 422, "body": "{\"error\":\"element 1 is not a number\",\"credit\":100}"}
//! smoke: {"request": {"method": "POST", "body": "[3,2,1,0,-1,-2,-3]", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "150", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"too many numbers for the payment\",\"count\":7,\"limit\":6,\"price_per_extra\":100}"}
//! smoke: {"request": {"method": "POST", "body": "[3,2,1,0,-1,-2]", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "150", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"sorted\":[-2,-1,0,1,2,3],\"count\":6}"}
//! smoke: {"request": {"method": "POST", "body": "[2.5, -1, 1e2]"}, "status": 200, "body": "{\"sorted\":[-1,2.5,100],\"count\":3}"}
//! smoke: {"request": {"method": "POST", "body": "[1, \"two\", 3]"}, "status": 422, "body": "{\"error\":\"element 1 is not a number\"}"}
//! smoke: {"request": {"method": "POST", "body": "{\"numbers\": [1]}"}, "status": 400, "body": "{\"error\":\"body must be a JSON array of numbers\"}"}
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

/// The raw elements of a JSON array.
fn items(raw: &str) -> Option<Vec<&str>> {
    let b = raw.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = skip_ws(b, 1);
    if b.get(i) == Some(&b']') {
        return Some(out);
    }
    loop {
        let end = skip_value(b, i)?;
        out.push(&raw[i..end]);
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => return Some(out),
            _ => return None,
        }
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

/// A paid request's purse: the KV key of its payer's credit and the units it can spend (that
/// credit plus the payment). `None` when the request was free. The key is `None` for a payment
/// not settled yet (a settle-after route, `tx_hash` null): nothing is taken before a 2xx answer,
/// so a refusal costs nothing, and a credit written now could outlive a settlement that fails.
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

const FREE: u64 = 5;
const PRICE_PER_EXTRA: u64 = 100;

/// Answers `status` with `error`; a paid request's whole purse stays the payer's credit (named
/// in the answer), since nothing was sorted for it.
fn refuse(status: i32, error: &str, purse: Option<(Option<String>, u64)>) {
    let Some((Some(key), units)) = purse else {
        return reply(status, &format!("{{\"error\":\"{error}\"}}"));
    };
    if !store(&key, &units.to_string()) {
        return reply(507, "{\"error\":\"cannot record the credit\"}");
    }
    reply(
        status,
        &format!("{{\"error\":\"{error}\",\"credit\":{units}}}"),
    );
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let raw = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let body = field(doc, "body").and_then(unquote).unwrap_or_default();
    let purse = purse();
    let Some(elements) = items(body.trim()) else {
        return refuse(400, "body must be a JSON array of numbers", purse);
    };
    let units = purse.as_ref().map_or(0, |(_, units)| *units);
    let limit = FREE.saturating_add(units / PRICE_PER_EXTRA);
    let count = elements.len() as u64;
    // Refusing is free only without a settled payment (none, or a settle-after one).
    let settled = matches!(purse, Some((Some(_), _)));
    if count > limit && !settled {
        let body = format!(
            "{{\"error\":\"too many numbers for the payment\",\"count\":{count},\"limit\":{limit},\"price_per_extra\":{PRICE_PER_EXTRA}}}"
        );
        return reply(402, &body);
    }
    // A paid request sorts what it paid for: the front of the array, up to its limit.
    let take = count.min(limit);
    let mut numbers = Vec::with_capacity(take as usize);
    for (i, element) in elements.iter().take(take as usize).enumerate() {
        match element.parse::<f64>() {
            Ok(n) if n.is_finite() => numbers.push(n),
            _ => return refuse(422, &format!("element {i} is not a number"), purse),
        }
    }
    numbers.sort_by(|a, b| a.total_cmp(b));
    let list: Vec<String> = numbers.iter().map(|n| format!("{n}")).collect();
    let Some((Some(key), units)) = purse else {
        return reply(
            200,
            &format!("{{\"sorted\":[{}],\"count\":{take}}}", list.join(",")),
        );
    };
    // Only the extra numbers actually sorted are charged; the rest stays the payer's credit.
    let credit = units - take.saturating_sub(FREE) * PRICE_PER_EXTRA;
    if !store(&key, &credit.to_string()) {
        return reply(507, "{\"error\":\"cannot record the credit\"}");
    }
    let body = format!(
        "{{\"sorted\":[{}],\"count\":{take},\"left_out\":{},\"credit\":{credit}}}",
        list.join(","),
        count - take
    );
    reply(200, &body);
}
