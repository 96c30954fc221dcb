//! Echo the request body back as plain text. An empty body answers `400` with the text
//! `empty body`.
//! smoke: {"request": {"method": "POST", "body": "hello corpus"}, "status": 200, "body": "hello corpus", "content_type": "text/plain"}
//! smoke: {"request": {"method": "POST", "body": "{\"a\":1}"}, "status": 200, "body": "{\"a\":1}"}
//! smoke: {"request": {}, "status": 400, "body": "empty body", "content_type": "text/plain"}
#![no_std]

use core::arch::wasm32;

#[link(wasm_import_module = "x402")]
extern "C" {
    fn response(status: i32, body_ptr: *const u8, body_len: i32, ct_ptr: *const u8, ct_len: i32);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}

/// Bump allocator over a static arena, then fresh pages: every request runs in a fresh
/// instance, so nothing is ever freed.
const ARENA_SIZE: usize = 64 * 1024;
static mut ARENA: [u8; ARENA_SIZE] = [0; ARENA_SIZE];
static mut USED: usize = 0;

#[no_mangle]
pub extern "C" fn x402_alloc(size: i32) -> i32 {
    alloc(size as usize) as i32
}

fn alloc(size: usize) -> *mut u8 {
    unsafe {
        let start = (USED + 7) & !7;
        if start + size <= ARENA_SIZE {
            USED = start + size;
            return (core::ptr::addr_of_mut!(ARENA) as *mut u8).add(start);
        }
        let pages = (size + 65535) / 65536;
        let old = wasm32::memory_grow(0, pages);
        if old == usize::MAX {
            wasm32::unreachable();
        }
        (old * 65536) as *mut u8
    }
}

fn respond(status: i32, body: &[u8]) {
    let ct = b"text/plain";
    unsafe { response(status, body.as_ptr(), body.len() as i32, ct.as_ptr(), ct.len() as i32) };
}

/// The value of the string field `"key":"…"` in a flat JSON object, with `\"` and `\\` kept
/// escaped as they are (the request body is read back unescaped by [`unescape`]).
fn string_field<'a>(json: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while i + key.len() + 3 <= json.len() {
        if json[i] == b'"'
            && json[i + 1..].starts_with(key)
            && json.get(i + 1 + key.len()) == Some(&b'"')
        {
            let mut j = i + key.len() + 2;
            while j < json.len() && (json[j] == b':' || json[j] == b' ') {
                j += 1;
            }
            if json.get(j) != Some(&b'"') {
                return None;
            }
            let start = j + 1;
            let mut k = start;
            while k < json.len() {
                match json[k] {
                    b'\\' => k += 2,
                    b'"' => return Some(&json[start..k]),
                    _ => k += 1,
                }
            }
            return None;
        }
        i += 1;
    }
    None
}

/// Undoes JSON string escapes (`\"`, `\\`, `\/`, `\n`, `\r`, `\t`) into `out`; returns the
/// length written. `\uXXXX` is kept as written.
fn unescape(raw: &[u8], out: &mut [u8]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < raw.len() {
        let b = if raw[i] == b'\\' && i + 1 < raw.len() {
            i += 1;
            match raw[i] {
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                other => other,
            }
        } else {
            raw[i]
        };
        out[n] = b;
        n += 1;
        i += 1;
    }
    n
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let request = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let raw = string_field(request, b"body").unwrap_or(b"");
    if raw.is_empty() {
        respond(400, b"empty body");
        return;
    }
    let out = unsafe { core::slice::from_raw_parts_mut(alloc(raw.len()), raw.len()) };
    let n = unescape(raw, out);
    respond(200, &out[..n]);
}
