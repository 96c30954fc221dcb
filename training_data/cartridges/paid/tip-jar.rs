//! A tip jar sold over HTTP 402: an unpaid request answers `402` with
//! `{"error":"send a tip"}`; a paid one thanks the payer by address and echoes the amount
//! paid, as `{"thanks":"<payer>","amount":"<amount>"}`.
//! smoke: {"request": {}, "status": 402, "body": "{\"error\":\"send a tip\"}"}
//! smoke: {"request": {"method": "POST", "payment": {"payer": "0x00000000000000000000000000000000000000aa", "amount": "2500", "tx_hash": "0x01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"thanks\":\"0x00000000000000000000000000000000000000aa\",\"amount\":\"2500\"}", "content_type": "application/json"}
#![no_std]

use core::arch::wasm32;

#[link(wasm_import_module = "x402")]
extern "C" {
    fn payment_info() -> i64;
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

/// The value of the string field `"key":"…"` of a flat JSON object (no escapes: addresses
/// and amounts have none).
fn string_field<'a>(json: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while i + key.len() + 4 <= json.len() {
        if json[i] == b'"'
            && json[i + 1..].starts_with(key)
            && json[i + 1 + key.len()..].starts_with(b"\":\"")
        {
            let start = i + key.len() + 4;
            let len = json[start..].iter().position(|b| *b == b'"')?;
            return Some(&json[start..start + len]);
        }
        i += 1;
    }
    None
}

#[no_mangle]
pub extern "C" fn x402_handle(_req_ptr: i32, _req_len: i32) {
    let packed = unsafe { payment_info() };
    let ptr = (packed as u64 >> 32) as usize;
    let len = (packed as u64 & 0xffff_ffff) as usize;
    let payment = unsafe { core::slice::from_raw_parts(ptr as *const u8, len) };
    let (Some(payer), Some(amount)) = (
        string_field(payment, b"payer"),
        string_field(payment, b"amount"),
    ) else {
        respond(402, b"{\"error\":\"send a tip\"}");
        return;
    };
    let mut out = [0u8; 256];
    let mut at = 0;
    for part in [
        &b"{\"thanks\":\""[..],
        payer,
        b"\",\"amount\":\"",
        amount,
        b"\"}",
    ] {
        if at + part.len() > out.len() {
            respond(400, b"{\"error\":\"payment fields too long\"}");
            return;
        }
        out[at..at + part.len()].copy_from_slice(part);
        at += part.len();
    }
    respond(200, &out[..at]);
}
