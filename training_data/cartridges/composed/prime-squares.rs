//! Lists the primes up to a bound with their squares, asking other cartridges: GET /?upto=20
//! calls `prime-test` for every number from 2 to the bound and `square-number` for each prime.
//! The bound must be an integer from 2 to 30 (400 when missing or not a number, 422 out of
//! range); a failed call gets 502.
//! smoke: {"request": {"path": "/?upto=20"}, "status": 200, "body": "{\"primes\":[2,3,5,7,11,13,17,19],\"squares\":[4,9,25,49,121,169,289,361]}"}
//! smoke: {"request": {"path": "/?upto=2"}, "status": 200, "body": "{\"primes\":[2],\"squares\":[4]}"}
//! smoke: {"request": {"path": "/?upto=31"}, "status": 422, "body": "{\"error\":\"upto must be from 2 to 30\"}"}
//! smoke: {"request": {"path": "/"}, "status": 400, "body": "{\"error\":\"query parameter upto must be an integer\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};
use core::alloc::{GlobalAlloc, Layout};

#[link(wasm_import_module = "x402")]
extern "C" {
    fn call(slug_ptr: *const u8, slug_len: i32, req_ptr: *const u8, req_len: i32) -> i64;
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

/// The value of `name` in the query string of `path` (no percent-decoding).
fn query<'a>(path: &'a str, name: &str) -> Option<&'a str> {
    let (_, qs) = path.split_once('?')?;
    qs.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then_some(v)
    })
}

/// A request document for another cartridge.
fn request_doc(method: &str, path: &str, body: &str) -> String {
    format!(
        "{{\"method\":\"{method}\",\"path\":{},\"body\":{},\"headers\":{{}},\"payment\":null}}",
        quote(path),
        quote(body)
    )
}

/// Status and body of `slug`'s answer to `request`; `None` when the call failed (no such
/// cartridge, a trap, a limit, the call depth).
fn call_slug(slug: &str, request: &str) -> Option<(u16, String)> {
    let packed = unsafe {
        call(
            slug.as_ptr(),
            slug.len() as i32,
            request.as_ptr(),
            request.len() as i32,
        )
    };
    if packed == 0 {
        return None;
    }
    let result = core::str::from_utf8(unpack(packed)).ok()?;
    Some((
        field(result, "status")?.parse().ok()?,
        unquote(field(result, "body")?)?,
    ))
}

/// Asks `slug` about `n` and returns member `key` of its JSON answer.
fn ask(slug: &str, n: u64, key: &str) -> Option<String> {
    match call_slug(slug, &request_doc("GET", &format!("/?n={n}"), ""))? {
        (200, body) => field(&body, key).map(String::from),
        _ => None,
    }
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let raw = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let path = field(doc, "path").and_then(unquote).unwrap_or_default();
    let Some(upto) = query(&path, "upto").and_then(|v| v.parse::<u64>().ok()) else {
        return reply(
            400,
            "{\"error\":\"query parameter upto must be an integer\"}",
        );
    };
    if !(2..=30).contains(&upto) {
        return reply(422, "{\"error\":\"upto must be from 2 to 30\"}");
    }
    let (mut primes, mut squares) = (Vec::new(), Vec::new());
    for n in 2..=upto {
        let Some(prime) = ask("prime-test", n, "prime") else {
            return reply(502, "{\"error\":\"prime-test failed\"}");
        };
        if prime == "true" {
            let Some(square) = ask("square-number", n, "square") else {
                return reply(502, "{\"error\":\"square-number failed\"}");
            };
            primes.push(format!("{n}"));
            squares.push(square);
        }
    }
    reply(
        200,
        &format!(
            "{{\"primes\":[{}],\"squares\":[{}]}}",
            primes.join(","),
            squares.join(",")
        ),
    );
}
