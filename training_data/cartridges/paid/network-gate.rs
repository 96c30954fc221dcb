//! A paid endpoint that only accepts payments settled on Tempo Moderato (`eip155:42431`) in
//! its USD token, and says precisely what is wrong otherwise: an unpaid request gets 402 with
//! the accepted network and asset, a payment on another network or in another token 422.
//! Token addresses are compared case-insensitively.
//! smoke: {"request": {}, "status": 402, "body": "{\"error\":\"payment required\",\"network\":\"eip155:42431\",\"asset\":\"0x20c0000000000000000000000000000000000000\"}"}
//! smoke: {"request": {"payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "1000", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"accepted\":true,\"amount\":1000}"}
//! smoke: {"request": {"payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "1000", "tx_hash": "0xbb01", "network": "eip155:1", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 422, "body": "{\"error\":\"wrong network\",\"got\":\"eip155:1\",\"expected\":\"eip155:42431\"}"}
//! smoke: {"request": {"payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "1000", "tx_hash": "0xbb02", "network": "eip155:42431", "asset": "0x20C0000000000000000000000000000000000001"}}, "status": 422, "body": "{\"error\":\"wrong asset\",\"got\":\"0x20c0000000000000000000000000000000000001\",\"expected\":\"0x20c0000000000000000000000000000000000000\"}"}
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

/// `s` as a JSON string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const NETWORK: &str = "eip155:42431";
const ASSET: &str = "0x20c0000000000000000000000000000000000000";

#[no_mangle]
pub extern "C" fn x402_handle(_req_ptr: i32, _req_len: i32) {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).unwrap_or("null");
    let text = |key: &str| field(info, key).and_then(unquote);
    let (Some(network), Some(asset), Some(amount)) =
        (text("network"), text("asset"), text("amount"))
    else {
        let body = format!(
            "{{\"error\":\"payment required\",\"network\":\"{NETWORK}\",\"asset\":\"{ASSET}\"}}"
        );
        return reply(402, &body);
    };
    if network != NETWORK {
        let body = format!(
            "{{\"error\":\"wrong network\",\"got\":{},\"expected\":\"{NETWORK}\"}}",
            quote(&network)
        );
        return reply(422, &body);
    }
    let asset = asset.to_ascii_lowercase();
    if asset != ASSET {
        let body = format!(
            "{{\"error\":\"wrong asset\",\"got\":{},\"expected\":\"{ASSET}\"}}",
            quote(&asset)
        );
        return reply(422, &body);
    }
    match amount.parse::<u64>() {
        Ok(amount) => reply(200, &format!("{{\"accepted\":true,\"amount\":{amount}}}")),
        Err(_) => reply(422, "{\"error\":\"amount is not a whole number of units\"}"),
    }
}
