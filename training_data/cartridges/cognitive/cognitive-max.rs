//! A cognitive system that picks the best score: `POST /` with a JSON body
//! `{"scores":[…]}` of non-negative integers answers `{"best":I,"score":S}`, the index and
//! value of the largest (the first one on ties). A body without scores answers `400`.
//! smoke: {"request": {"method": "POST", "body": "{\"scores\":[3,9,2,9]}", "headers": {"content-type": "application/json"}}, "status": 200, "body": "{\"best\":1,\"score\":9}", "content_type": "application/json"}
//! smoke: {"request": {"method": "POST", "body": "{\"scores\": [ 0 ]}"}, "status": 200, "body": "{\"best\":0,\"score\":0}"}
//! smoke: {"request": {"method": "POST", "body": "{\"scores\":[]}"}, "status": 400, "like": "{\"error\":*}"}
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
    unsafe {
        let start = (USED + 7) & !7;
        if start + size as usize <= ARENA_SIZE {
            USED = start + size as usize;
            return (core::ptr::addr_of_mut!(ARENA) as *mut u8).add(start) as i32;
        }
        let pages = (size as usize + 65535) / 65536;
        let old = wasm32::memory_grow(0, pages);
        if old == usize::MAX {
            wasm32::unreachable();
        }
        (old * 65536) as i32
    }
}

fn respond(status: i32, body: &[u8]) {
    let ct = b"application/json";
    unsafe { response(status, body.as_ptr(), body.len() as i32, ct.as_ptr(), ct.len() as i32) };
}

/// Writes `n` in decimal at the start of `out`; returns the length.
fn write_u64(out: &mut [u8], mut n: u64) -> usize {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let len = digits.len() - i;
    out[..len].copy_from_slice(&digits[i..]);
    len
}

/// The index and value of the largest number in the array after `scores` (in the request
/// document the body is a JSON string, so its quotes arrive escaped as `\"`).
fn best(request: &[u8]) -> Option<(u64, u64)> {
    let key = b"scores";
    let at = request.windows(key.len()).position(|w| w == key)?;
    let open = at + request[at..].iter().position(|b| *b == b'[')?;
    let mut best: Option<(u64, u64)> = None;
    let (mut index, mut value, mut in_number) = (0u64, 0u64, false);
    for b in &request[open + 1..] {
        match b {
            b'0'..=b'9' => {
                value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                in_number = true;
            }
            b',' | b']' => {
                if in_number {
                    if best.is_none_or(|(_, s)| value > s) {
                        best = Some((index, value));
                    }
                    index += 1;
                } else if *b == b',' {
                    return None;
                }
                if *b == b']' {
                    return best;
                }
                value = 0;
                in_number = false;
            }
            b' ' => {}
            _ => return None,
        }
    }
    None
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let request = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let Some((index, score)) = best(request) else {
        respond(400, b"{\"error\":\"the body must be {\\\"scores\\\":[n, ...]} with at least one non-negative integer\"}");
        return;
    };
    let mut out = [0u8; 64];
    let mut at = 0;
    let mut put = |out: &mut [u8], part: &[u8]| {
        out[at..at + part.len()].copy_from_slice(part);
        at += part.len();
    };
    let mut num = [0u8; 20];
    put(&mut out, b"{\"best\":");
    let n = write_u64(&mut num, index);
    put(&mut out, &num[..n]);
    put(&mut out, b",\"score\":");
    let n = write_u64(&mut num, score);
    put(&mut out, &num[..n]);
    put(&mut out, b"}");
    respond(200, &out[..at]);
}
