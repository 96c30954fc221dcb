//! Count visits in the cartridge's KV. `POST /` adds one visit and answers the new total as
//! `{"visits":N}`; `GET /` answers the total without counting; any other method is `405`.
//! smoke: {"request": {"method": "POST"}, "status": 200, "body": "{\"visits\":1}", "content_type": "application/json"}
//! smoke: {"request": {"method": "POST"}, "status": 200, "body": "{\"visits\":2}"}
//! smoke: {"request": {}, "status": 200, "body": "{\"visits\":2}"}
//! smoke: {"request": {"method": "DELETE"}, "status": 405, "body": "{\"error\":\"method not allowed\"}"}
#![no_std]

use core::arch::wasm32;

#[link(wasm_import_module = "x402")]
extern "C" {
    fn kv_get(key_ptr: *const u8, key_len: i32) -> i64;
    fn kv_set(key_ptr: *const u8, key_len: i32, val_ptr: *const u8, val_len: i32) -> i32;
    fn response(status: i32, body_ptr: *const u8, body_len: i32, ct_ptr: *const u8, ct_len: i32);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}

/// Bump allocator over a static arena: every request runs in a fresh instance.
const ARENA_SIZE: usize = 16 * 1024;
static mut ARENA: [u8; ARENA_SIZE] = [0; ARENA_SIZE];
static mut USED: usize = 0;

#[no_mangle]
pub extern "C" fn x402_alloc(size: i32) -> i32 {
    unsafe {
        let start = (USED + 7) & !7;
        if start + size as usize > ARENA_SIZE {
            wasm32::unreachable();
        }
        USED = start + size as usize;
        (core::ptr::addr_of_mut!(ARENA) as *mut u8).add(start) as i32
    }
}

fn respond(status: i32, body: &[u8]) {
    let ct = b"application/json";
    unsafe { response(status, body.as_ptr(), body.len() as i32, ct.as_ptr(), ct.len() as i32) };
}

/// The request's method: the value of `"method":"…"` at the start of the request document.
fn method(request: &[u8]) -> &[u8] {
    let key = b"\"method\":\"";
    let Some(at) = request.windows(key.len()).position(|w| w == key) else {
        return b"";
    };
    let start = at + key.len();
    let end = request[start..]
        .iter()
        .position(|b| *b == b'"')
        .map_or(request.len(), |n| start + n);
    &request[start..end]
}

fn read_visits() -> u64 {
    let key = b"visits";
    let packed = unsafe { kv_get(key.as_ptr(), key.len() as i32) };
    if packed == 0 {
        return 0;
    }
    let ptr = (packed as u64 >> 32) as usize;
    let len = (packed as u64 & 0xffff_ffff) as usize;
    let digits = unsafe { core::slice::from_raw_parts(ptr as *const u8, len) };
    digits
        .iter()
        .fold(0u64, |n, d| n * 10 + u64::from(d.wrapping_sub(b'0') % 10))
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

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let request = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let mut visits = read_visits();
    match method(request) {
        b"GET" => {}
        b"POST" => {
            visits += 1;
            let mut num = [0u8; 20];
            let n = write_u64(&mut num, visits);
            let key = b"visits";
            if unsafe { kv_set(key.as_ptr(), key.len() as i32, num.as_ptr(), n as i32) } != 0 {
                respond(507, b"{\"error\":\"cannot store the count\"}");
                return;
            }
        }
        _ => {
            respond(405, b"{\"error\":\"method not allowed\"}");
            return;
        }
    }
    let mut out = [0u8; 40];
    let head = b"{\"visits\":";
    out[..head.len()].copy_from_slice(head);
    let n = write_u64(&mut out[head.len()..], visits);
    out[head.len() + n] = b'}';
    respond(200, &out[..head.len() + n + 1]);
}
