//! A paywalled article store. GET /articles lists the articles with their prices; GET
//! /articles/<id> answers the full article as Markdown when paid at least its price, and
//! otherwise 402 with the price and a free preview of its first six words (underpaid requests
//! also see what they paid). Unknown articles get 404.
//! smoke: {"request": {"path": "/articles"}, "status": 200, "body": "[{\"id\":\"wasm-intro\",\"title\":\"Why WebAssembly\",\"price\":500},{\"id\":\"micropayments\",\"title\":\"Micropayments at last\",\"price\":800}]"}
//! smoke: {"request": {"path": "/articles/wasm-intro"}, "status": 402, "body": "{\"error\":\"payment required\",\"price\":500,\"preview\":\"WebAssembly runs sandboxed code at near-native…\"}"}
//! smoke: {"request": {"path": "/articles/micropayments", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "500", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"insufficient payment\",\"price\":800,\"paid\":500,\"preview\":\"Paying a thousandth of a dollar…\"}"}
//! smoke: {"request": {"path": "/articles/wasm-intro", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "500", "tx_hash": "0xaa02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "# Why WebAssembly\n\nWebAssembly runs sandboxed code at near-native speed, on servers as well as in browsers.\n", "content_type": "text/markdown; charset=utf-8"}
//! smoke: {"request": {"path": "/articles/blockchain-hype", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "500", "tx_hash": "0xaa03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 404, "body": "{\"error\":\"no such article\"}"}
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

/// The amount paid for this request in token units (6 decimals), or `None` when it was free.
fn paid_amount() -> Option<u64> {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).ok()?;
    unquote(field(info, "amount")?)?.parse().ok()
}

struct Article {
    id: &'static str,
    title: &'static str,
    price: u64,
    text: &'static str,
}

const ARTICLES: [Article; 2] = [
    Article {
        id: "wasm-intro",
        title: "Why WebAssembly",
        price: 500,
        text: "WebAssembly runs sandboxed code at near-native speed, on servers as well as in browsers.",
    },
    Article {
        id: "micropayments",
        title: "Micropayments at last",
        price: 800,
        text: "Paying a thousandth of a dollar per request makes sense once settlement costs almost nothing.",
    },
];

fn preview(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(6).collect();
    format!("{}…", words.join(" "))
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let raw = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let path = field(doc, "path").and_then(unquote).unwrap_or_default();

    if path == "/articles" {
        let list: Vec<String> = ARTICLES
            .iter()
            .map(|a| {
                format!(
                    "{{\"id\":\"{}\",\"title\":{},\"price\":{}}}",
                    a.id,
                    quote(a.title),
                    a.price
                )
            })
            .collect();
        return reply(200, &format!("[{}]", list.join(",")));
    }
    let Some(id) = path.strip_prefix("/articles/") else {
        return reply(
            404,
            "{\"error\":\"routes: GET /articles, GET /articles/<id>\"}",
        );
    };
    let Some(article) = ARTICLES.iter().find(|a| a.id == id) else {
        return reply(404, "{\"error\":\"no such article\"}");
    };
    let teaser = quote(&preview(article.text));
    match paid_amount() {
        Some(paid) if paid >= article.price => {
            let markdown = format!("# {}\n\n{}\n", article.title, article.text);
            reply_as(200, &markdown, "text/markdown; charset=utf-8")
        }
        Some(paid) => reply(
            402,
            &format!("{{\"error\":\"insufficient payment\",\"price\":{},\"paid\":{paid},\"preview\":{teaser}}}", article.price),
        ),
        None => reply(
            402,
            &format!("{{\"error\":\"payment required\",\"price\":{},\"preview\":{teaser}}}", article.price),
        ),
    }
}
