//! Shout the request body: pass the request to the `echo` cartridge with `call()` and answer
//! its text in upper case. When `echo` answers an error, answer the same status and text;
//! when the call fails, answer `502`.
//! smoke: {"request": {"method": "POST", "body": "hello corpus"}, "status": 200, "body": "HELLO CORPUS", "content_type": "text/plain"}
//! smoke: {"request": {"method": "POST", "body": "say \"hi\""}, "status": 200, "body": "SAY \"HI\""}
//! smoke: {"request": {}, "status": 400, "body": "empty body"}
#![no_std]

use core::arch::wasm32;

#[link(wasm_import_module = "x402")]
extern "C" {
    fn call(slug_ptr: *const u8, slug_len: i32, req_ptr: *const u8, req_len: i32) -> i64;
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

/// Where the value of `"key":` starts in a flat JSON object.
fn value_start(json: &[u8], key: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + key.len() + 3 <= json.len() {
        if json[i] == b'"' && json[i + 1..].starts_with(key) && json[i + 1 + key.len()..].starts_with(b"\":") {
            return Some(i + key.len() + 3);
        }
        i += 1;
    }
    None
}

/// The number at `"key":`.
fn number_field(json: &[u8], key: &[u8]) -> Option<i32> {
    let start = value_start(json, key)?;
    let digits = json[start..].iter().take_while(|b| b.is_ascii_digit());
    let mut n = 0i32;
    let mut any = false;
    for d in digits {
        n = n.checked_mul(10)?.checked_add(i32::from(d - b'0'))?;
        any = true;
    }
    any.then_some(n)
}

/// The raw (still escaped) text of the string at `"key":`.
fn string_field<'a>(json: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let start = value_start(json, key)?;
    if json.get(start) != Some(&b'"') {
        return None;
    }
    let mut k = start + 1;
    while k < json.len() {
        match json[k] {
            b'\\' => k += 2,
            b'"' => return Some(&json[start + 1..k]),
            _ => k += 1,
        }
    }
    None
}

/// Undoes JSON string escapes into `out`, upper-casing ASCII letters; returns the length.
fn unescape_upper(raw: &[u8], out: &mut [u8]) -> usize {
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
        out[n] = b.to_ascii_uppercase();
        n += 1;
        i += 1;
    }
    n
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let slug = b"echo";
    // The request document goes to `echo` as it came.
    let packed = unsafe { call(slug.as_ptr(), slug.len() as i32, req_ptr as *const u8, req_len) };
    if packed == 0 {
        respond(502, b"echo is unavailable");
        return;
    }
    let ptr = (packed as u64 >> 32) as usize;
    let len = (packed as u64 & 0xffff_ffff) as usize;
    let result = unsafe { core::slice::from_raw_parts(ptr as *const u8, len) };
    let (Some(status), Some(raw)) = (number_field(result, b"status"), string_field(result, b"body")) else {
        respond(502, b"echo answered something unreadable");
        return;
    };
    let out = unsafe { core::slice::from_raw_parts_mut(alloc(raw.len()), raw.len()) };
    let n = unescape_upper(raw, out);
    if status == 200 {
        respond(200, &out[..n]);
    } else {
        // Pass the error on unchanged (not shouted).
        let mut m = 0;
        for b in raw.iter().filter(|b| **b != b'\\') {
            out[m] = *b;
            m += 1;
        }
        respond(status, &out[..m]);
    }
}
