//! An API gateway: /svc/<slug>/<rest> forwards the request (method, body, and `/<rest>` with its
//! query string) to the cartridge `<slug>` and answers exactly what it answered: status, body
//! and content type. A slug that is not 1-64 characters of letters, digits, `-` and `_` gets
//! 400; a call that fails (no such cartridge, a crash, a limit) 502; other paths 404.
//! smoke: {"request": {"path": "/svc/square-number/?n=9"}, "status": 200, "body": "{\"n\":9,\"square\":81}", "content_type": "application/json"}
//! smoke: {"request": {"method": "POST", "path": "/svc/text-reverser", "body": "gateway"}, "status": 200, "body": "yawetag", "content_type": "text/plain; charset=utf-8"}
//! smoke: {"request": {"path": "/svc/status-echo/418"}, "status": 418, "body": "{\"status\":418,\"reason\":null}"}
//! smoke: {"request": {"path": "/svc/no-such-service/"}, "status": 502, "body": "{\"error\":\"upstream call failed\",\"slug\":\"no-such-service\"}"}
//! smoke: {"request": {"path": "/svc/bad$slug/x"}, "status": 400, "body": "{\"error\":\"invalid slug\"}"}
//! smoke: {"request": {"path": "/health"}, "status": 404, "body": "{\"error\":\"use /svc/<slug>/<path>\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String};
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

/// The parts of the request document this cartridge reads.
struct Request {
    method: String,
    path: String,
    body: String,
}

fn request(ptr: i32, len: i32) -> Request {
    let raw = unsafe { core::slice::from_raw_parts(ptr as *const u8, len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let text = |key: &str| field(doc, key).and_then(unquote).unwrap_or_default();
    Request {
        method: text("method"),
        path: text("path"),
        body: text("body"),
    }
}

fn valid_slug(slug: &str) -> bool {
    (1..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let req = request(req_ptr, req_len);
    let Some(rest) = req.path.strip_prefix("/svc/") else {
        return reply(404, "{\"error\":\"use /svc/<slug>/<path>\"}");
    };
    let (slug, tail) = match rest.find(['/', '?']) {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    if !valid_slug(slug) {
        return reply(400, "{\"error\":\"invalid slug\"}");
    }
    let path = if tail.starts_with('/') {
        String::from(tail)
    } else {
        format!("/{tail}")
    };
    let forwarded = format!(
        "{{\"method\":{},\"path\":{},\"body\":{},\"headers\":{{}},\"payment\":null}}",
        quote(&req.method),
        quote(&path),
        quote(&req.body)
    );
    let packed = unsafe {
        call(
            slug.as_ptr(),
            slug.len() as i32,
            forwarded.as_ptr(),
            forwarded.len() as i32,
        )
    };
    let result = core::str::from_utf8(unpack(packed)).unwrap_or("");
    let answer = (|| {
        let status = field(result, "status")?.parse::<i32>().ok()?;
        Some((
            status,
            unquote(field(result, "body")?)?,
            unquote(field(result, "content_type")?)?,
        ))
    })();
    match answer {
        Some((status, body, content_type)) => reply_as(status, &body, &content_type),
        None => reply(
            502,
            &format!("{{\"error\":\"upstream call failed\",\"slug\":\"{slug}\"}}"),
        ),
    }
}
