//! The generated crate around a cartridge's `lib.rs`, and the starter `lib.rs` of
//! `x402-node cartridge new`.

/// Name of the cdylib package (and wasm file stem) for `slug`.
pub fn package_name(slug: &str) -> String {
    format!("cartridge_{}", slug.to_ascii_lowercase().replace('-', "_"))
}

/// `Cargo.toml` of a cartridge: a dependency-free cdylib optimised for size, panics abort.
/// The empty `[workspace]` keeps it out of any enclosing workspace.
pub fn cargo_toml(slug: &str) -> String {
    format!(
        "{}\n{RELEASE_PROFILE}\n[workspace]\n",
        member_cargo_toml(slug)
    )
}

/// `Cargo.toml` of a cartridge as a member of a workspace whose root manifest carries
/// [`RELEASE_PROFILE`] (the corpus verifier builds every corpus file in one workspace).
pub fn member_cargo_toml(slug: &str) -> String {
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]
path = "src/lib.rs"

[dependencies]
"#,
        name = package_name(slug)
    )
}

/// The release profile every cartridge is built with: optimised for size, LTO, panics abort.
pub const RELEASE_PROFILE: &str = r#"[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"
strip = true
"#;

/// A starter `lib.rs`: `#![no_std]`, ABI v2 imports, a bump allocator, a KV counter and a JSON
/// echo of the request.
pub fn lib_rs(slug: &str) -> String {
    TEMPLATE.replace("{{slug}}", slug)
}

const TEMPLATE: &str = r#"//! Cartridge `{{slug}}` (x402 cartridge ABI v2).
//!
//! Build: cargo build --target wasm32-unknown-unknown --release
//! Deploy: x402-node cartridge deploy {{slug}} src/lib.rs
#![no_std]

use core::arch::wasm32;

#[link(wasm_import_module = "x402")]
extern "C" {
    fn log(level: i32, ptr: *const u8, len: i32);
    fn kv_get(key_ptr: *const u8, key_len: i32) -> i64;
    fn kv_set(key_ptr: *const u8, key_len: i32, val_ptr: *const u8, val_len: i32) -> i32;
    fn response(status: i32, body_ptr: *const u8, body_len: i32, ct_ptr: *const u8, ct_len: i32);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}

/// Bump allocator: a 64 KiB static arena (inside the initial memory, so small requests never
/// grow memory), then fresh pages for larger buffers. Every request runs in a fresh instance,
/// so nothing is ever freed.
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

fn bytes<'a>(packed: i64) -> &'a [u8] {
    let ptr = (packed as u64 >> 32) as usize;
    let len = (packed as u64 & 0xffff_ffff) as usize;
    unsafe { core::slice::from_raw_parts(ptr as *const u8, len) }
}

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

    // A counter kept in this cartridge's KV (persisted when the request succeeds).
    let key = b"hits";
    let packed = unsafe { kv_get(key.as_ptr(), key.len() as i32) };
    let mut hits: u64 = 0;
    if packed != 0 {
        for b in bytes(packed) {
            hits = hits * 10 + u64::from(b - b'0');
        }
    }
    hits += 1;
    let mut num = [0u8; 20];
    let n = write_u64(&mut num, hits);
    unsafe { kv_set(key.as_ptr(), key.len() as i32, num.as_ptr(), n as i32) };

    let msg = b"handled a request";
    unsafe { log(1, msg.as_ptr(), msg.len() as i32) };

    // {"cartridge":"{{slug}}","hits":N,"request":<the request JSON>}
    let head = b"{\"cartridge\":\"{{slug}}\",\"hits\":";
    let mid = b",\"request\":";
    let total = head.len() + n + mid.len() + request.len() + 1;
    let out = unsafe { core::slice::from_raw_parts_mut(alloc(total), total) };
    let mut at = 0;
    for part in [&head[..], &num[..n], &mid[..], request, b"}"] {
        out[at..at + part.len()].copy_from_slice(part);
        at += part.len();
    }
    let ct = b"application/json";
    unsafe { response(200, out.as_ptr(), total as i32, ct.as_ptr(), ct.len() as i32) };
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_valid_crate_names() {
        assert_eq!(package_name("Hello-World_2"), "cartridge_hello_world_2");
        assert!(cargo_toml("a-b").contains("name = \"cartridge_a_b\""));
        assert!(cargo_toml("a-b").contains("opt-level = \"z\""));
        assert!(cargo_toml("a-b").ends_with("[workspace]\n"));
        assert!(!member_cargo_toml("a-b").contains("[workspace]"));
        assert!(!member_cargo_toml("a-b").contains("[profile"));
        assert!(lib_rs("demo").contains("\"cartridge\":\"demo\""));
    }
}
