//! A fortune teller paid per reading: the fortune is picked from the settlement transaction
//! hash, so a reading is fixed by its payment; 500 token units buy a reading, 2000 the deluxe
//! reading with a lucky number. Unpaid requests get 402 with both prices. A settled payment too
//! small for a reading is kept in KV as the payer's credit (200 with the credit and the price);
//! later, that credit fills what a payment lacks for the best reading it reaches, and every
//! answer to a settled payment shows the credit left. A payment not settled yet (settle-after:
//! no hash, the payer's address picks the fortune) is not taken before a 2xx, so below 500 units
//! it gets 402 with what was paid.
//! smoke: {"request": {}, "status": 402, "body": "{\"error\":\"payment required\",\"prices\":{\"reading\":500,\"deluxe\":2000}}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "100", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"fortune\":null,\"credit\":100,\"price\":500}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "500", "tx_hash": "0x05", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"fortune\":\"A small payment opens a large door.\",\"credit\":100}"}
//! smoke: {"request": {"payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "2000", "tx_hash": "0x05", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"fortune\":\"A small payment opens a large door.\",\"lucky_number\":42,\"credit\":0}"}
//! smoke: {"request": {"payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "800", "tx_hash": "0x07", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"fortune\":\"Patience compiles faster than haste.\",\"credit\":0}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "1900", "tx_hash": "0x0c", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"fortune\":\"Your next deploy will roll forward, never back.\",\"lucky_number\":49,\"credit\":0}"}
//! smoke: {"request": {"payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "100", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"insufficient payment\",\"paid\":100,\"price\":500}"}
//! smoke: {"request": {"payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "600", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"fortune\":\"A small payment opens a large door.\"}"}
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

const READING: u64 = 500;
const DELUXE: u64 = 2_000;

const FORTUNES: [&str; 6] = [
    "Your next deploy will roll forward, never back.",
    "Patience compiles faster than haste.",
    "A stranger will star your repository.",
    "The bug you seek is in the code you trust.",
    "Fortune favours the well-tested.",
    "A small payment opens a large door.",
];

/// The value of the hash's hex digits, modulo `m` (digit by digit, so any length works).
fn hex_mod(hash: &str, m: u64) -> Option<u64> {
    let digits = hash.strip_prefix("0x")?;
    digits.chars().try_fold(0u64, |acc, c| {
        Some((acc * 16 + u64::from(c.to_digit(16)?)) % m)
    })
}

#[no_mangle]
pub extern "C" fn x402_handle(_req_ptr: i32, _req_len: i32) {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).unwrap_or("null");
    let Some(amount) = field(info, "amount")
        .and_then(unquote)
        .and_then(|a| a.parse::<u64>().ok())
    else {
        let body = format!("{{\"error\":\"payment required\",\"prices\":{{\"reading\":{READING},\"deluxe\":{DELUXE}}}}}");
        return reply(402, &body);
    };
    let hash = field(info, "tx_hash").and_then(unquote);
    // Only a settled payment (it has a hash) can hold credit: a settle-after one is not taken
    // before a 2xx, and a credit written for it could outlive a settlement that fails.
    let key = hash.as_ref().map(|_| {
        let payer = field(info, "payer").and_then(unquote).unwrap_or_default();
        format!("credit:{}", payer.to_ascii_lowercase())
    });
    let credit: u64 = key
        .as_deref()
        .and_then(load)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let balance = credit.saturating_add(amount);
    let price = match balance {
        b if b >= DELUXE => DELUXE,
        b if b >= READING => READING,
        _ => 0,
    };
    if price == 0 {
        let Some(key) = key else {
            return reply(
                402,
                &format!(
                    "{{\"error\":\"insufficient payment\",\"paid\":{amount},\"price\":{READING}}}"
                ),
            );
        };
        if !store(&key, &balance.to_string()) {
            return reply(507, "{\"error\":\"cannot record the credit\"}");
        }
        return reply(
            200,
            &format!("{{\"fortune\":null,\"credit\":{balance},\"price\":{READING}}}"),
        );
    }
    // Credit pays only what this payment lacks for the reading it reaches.
    let left = credit - price.saturating_sub(amount);
    // Settled after the handler (no hash yet): the payer's address picks instead.
    let source = hash.or_else(|| field(info, "payer").and_then(unquote));
    let Some(pick) = source
        .as_deref()
        .and_then(|h| hex_mod(h, FORTUNES.len() as u64))
    else {
        return reply(422, "{\"error\":\"the payment has no hex hash to read\"}");
    };
    if let Some(key) = key.as_deref().filter(|_| left != credit) {
        if !store(key, &left.to_string()) {
            return reply(507, "{\"error\":\"cannot record the credit\"}");
        }
    }
    let fortune = FORTUNES[pick as usize];
    let lucky = (price == DELUXE).then(|| {
        let n = source.as_deref().and_then(|h| hex_mod(h, 97)).unwrap_or(0) + 37;
        format!(",\"lucky_number\":{n}")
    });
    let credit = if key.is_some() {
        format!(",\"credit\":{left}")
    } else {
        String::new()
    };
    reply(
        200,
        &format!(
            "{{\"fortune\":\"{fortune}\"{}{credit}}}",
            lucky.unwrap_or_default()
        ),
    );
}
