//! Verifiable dice rolls sold per die: every 1000 token units buy one six-sided die (at most 10),
//! rolled with a generator seeded from the settlement transaction hash, so anyone holding the
//! hash can recompute the rolls. The same settlement always gives the same rolls. Unpaid
//! requests get 402. A settled payment is never kept for nothing: the payer's stored credit
//! adds to it, the units the dice do not use (below one die's price, or beyond 10 dice) stay in
//! KV as their credit (named in the answer), and a balance too small for one die answers 200
//! with that credit. A payment not settled yet (a settle-after route: no hash) costs nothing
//! when refused: 402 with the price when it buys no die, else 422 as there is no seed.
//! smoke: {"request": {}, "status": 402, "body": "{\"error\":\"payment required\",\"price_per_die\":1000}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "3000", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"seed\":\"0xaa01\",\"rolls\":[5,1,6],\"sum\":12,\"credit\":0}"}
//! smoke: {"request": {"payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "3000", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"seed\":\"0xaa01\",\"rolls\":[5,1,6],\"sum\":12,\"credit\":0}"}
//! smoke: {"request": {"payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "50000", "tx_hash": "0xbb01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"seed\":\"0xbb01\",\"rolls\":[6,5,5,5,3,1,6,4,3,4],\"sum\":42,\"credit\":40000}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "999", "tx_hash": "0xaa02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"dice\":0,\"credit\":999,\"price_per_die\":1000}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "1", "tx_hash": "0xaa03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"seed\":\"0xaa03\",\"rolls\":[3],\"sum\":3,\"credit\":0}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "2000", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 422, "body": "{\"error\":\"no settlement hash to seed from\"}"}
//! smoke: {"request": {"payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "999", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"insufficient payment\",\"price_per_die\":1000}"}
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

const PRICE_PER_DIE: u64 = 1_000;
const MAX_DICE: u64 = 10;

/// FNV-1a, 64 bits: turns the hash text into a seed.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// xorshift64*: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[no_mangle]
pub extern "C" fn x402_handle(_req_ptr: i32, _req_len: i32) {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).unwrap_or("null");
    let Some(amount) = field(info, "amount")
        .and_then(unquote)
        .and_then(|a| a.parse::<u64>().ok())
    else {
        return reply(
            402,
            &format!("{{\"error\":\"payment required\",\"price_per_die\":{PRICE_PER_DIE}}}"),
        );
    };
    let tx = field(info, "tx_hash")
        .and_then(unquote)
        .map(|t| t.to_ascii_lowercase());
    // Only a settled payment (it has a hash) can hold credit: a settle-after one is not taken
    // before a 2xx, and a credit written for it could outlive a settlement that fails.
    let key = tx.as_ref().map(|_| {
        let payer = field(info, "payer").and_then(unquote).unwrap_or_default();
        format!("credit:{}", payer.to_ascii_lowercase())
    });
    let credit: u64 = key
        .as_deref()
        .and_then(load)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let balance = credit.saturating_add(amount);
    let dice = (balance / PRICE_PER_DIE).min(MAX_DICE);
    let left = balance - dice * PRICE_PER_DIE;
    let (Some(tx), Some(key)) = (tx, key) else {
        // Not settled: refusing costs the payer nothing.
        if dice == 0 {
            return reply(
                402,
                &format!(
                    "{{\"error\":\"insufficient payment\",\"price_per_die\":{PRICE_PER_DIE}}}"
                ),
            );
        }
        return reply(422, "{\"error\":\"no settlement hash to seed from\"}");
    };
    if tx.len() > 66 || !tx.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return reply(422, "{\"error\":\"malformed settlement hash\"}");
    }
    if left != credit && !store(&key, &left.to_string()) {
        return reply(507, "{\"error\":\"cannot record the credit\"}");
    }
    if dice == 0 {
        return reply(
            200,
            &format!("{{\"dice\":0,\"credit\":{left},\"price_per_die\":{PRICE_PER_DIE}}}"),
        );
    }
    let mut rng = Rng(fnv1a(&tx) | 1);
    let rolls: Vec<u64> = (0..dice).map(|_| rng.next() % 6 + 1).collect();
    let sum: u64 = rolls.iter().sum();
    let list: Vec<String> = rolls.iter().map(|r| format!("{r}")).collect();
    reply(
        200,
        &format!(
            "{{\"seed\":\"{tx}\",\"rolls\":[{}],\"sum\":{sum},\"credit\":{left}}}",
            list.join(",")
        ),
    );
}
