//! Sorts a JSON array of numbers (POST the array as the body) with an allowance bought by
//! payment: 5 numbers are free, and every 100 token units paid allow one more. Too many numbers
//! for the payment get 402 with the limit; a body that is not an array 400; an element that is
//! not a finite number 422 naming its index.
//! smoke: {"request": {"method": "POST", "body": "[5, 3, 9, 1]"}, "status": 200, "body": "{\"sorted\":[1,3,5,9],\"count\":4}"}
//! smoke: {"request": {"method": "POST", "body": "[6,5,4,3,2,1]"}, "status": 402, "body": "{\"error\":\"too many numbers for the payment\",\"count\":6,\"limit\":5,\"price_per_extra\":100}"}
//! smoke: {"request": {"method": "POST", "body": "[6,5,4,3,2,1]", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "100", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"sorted\":[1,2,3,4,5,6],\"count\":6}"}
//! smoke: {"request": {"method": "POST", "body": "[2.5, -1, 1e2]"}, "status": 200, "body": "{\"sorted\":[-1,2.5,100],\"count\":3}"}
//! smoke: {"request": {"method": "POST", "body": "[1, \"two\", 3]"}, "status": 422, "body": "{\"error\":\"element 1 is not a number\"}"}
//! smoke: {"request": {"method": "POST", "body": "{\"numbers\": [1]}"}, "status": 400, "body": "{\"error\":\"body must be a JSON array of numbers\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};
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

/// The amount paid for this request in token units (6 decimals), or `None` when it was free.
fn paid_amount() -> Option<u64> {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).ok()?;
    unquote(field(info, "amount")?)?.parse().ok()
}

const FREE: u64 = 5;
const PRICE_PER_EXTRA: u64 = 100;

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let raw = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let body = field(doc, "body").and_then(unquote).unwrap_or_default();
    let Some(elements) = items(body.trim()) else {
        return reply(400, "{\"error\":\"body must be a JSON array of numbers\"}");
    };
    let limit = FREE.saturating_add(paid_amount().unwrap_or(0) / PRICE_PER_EXTRA);
    let count = elements.len() as u64;
    if count > limit {
        let body = format!(
            "{{\"error\":\"too many numbers for the payment\",\"count\":{count},\"limit\":{limit},\"price_per_extra\":{PRICE_PER_EXTRA}}}"
        );
        return reply(402, &body);
    }
    let mut numbers = Vec::with_capacity(elements.len());
    for (i, element) in elements.iter().enumerate() {
        match element.parse::<f64>() {
            Ok(n) if n.is_finite() => numbers.push(n),
            _ => {
                return reply(
                    422,
                    &format!("{{\"error\":\"element {i} is not a number\"}}"),
                )
            }
        }
    }
    numbers.sort_by(|a, b| a.total_cmp(b));
    let list: Vec<String> = numbers.iter().map(|n| format!("{n}")).collect();
    reply(
        200,
        &format!("{{\"sorted\":[{}],\"count\":{count}}}", list.join(",")),
    );
}
