//! A cognitive intent classifier for support messages: `POST /` with `{"text": "..."}` counts
//! keyword hits for each intent (billing, bug, feature, greeting; a keyword of 4+ letters also
//! matches as a word prefix, so "charged" hits "charge") and answers the intent with the most
//! hits (the first listed on ties), its share of all hits as confidence, and every intent's
//! hits. No hit at all answers intent "unknown". A missing text gets 422.
//! smoke: {"request": {"method": "POST", "body": "{\"text\":\"Hi, I was charged twice, please refund the payment\"}"}, "status": 200, "body": "{\"intent\":\"billing\",\"confidence\":0.75,\"hits\":{\"billing\":3,\"bug\":0,\"feature\":0,\"greeting\":1}}"}
//! smoke: {"request": {"method": "POST", "body": "{\"text\":\"The app crashes with an error on login\"}"}, "status": 200, "body": "{\"intent\":\"bug\",\"confidence\":1,\"hits\":{\"billing\":0,\"bug\":2,\"feature\":0,\"greeting\":0}}"}
//! smoke: {"request": {"method": "POST", "body": "{\"text\":\"What's the weather like?\"}"}, "status": 200, "body": "{\"intent\":\"unknown\",\"confidence\":0,\"hits\":{\"billing\":0,\"bug\":0,\"feature\":0,\"greeting\":0}}"}
//! smoke: {"request": {"method": "POST", "body": "{\"text\":42}"}, "status": 422, "body": "{\"error\":\"text must be a string\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};
use core::alloc::{GlobalAlloc, Layout};

#[link(wasm_import_module = "x402")]
extern "C" {
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

/// The JSON object POSTed to this cognitive system, or the error answer to give.
fn json_body(req_ptr: i32, req_len: i32) -> Result<String, (i32, String)> {
    let raw = unsafe { core::slice::from_raw_parts(req_ptr as *const u8, req_len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    if field(doc, "method").and_then(unquote).as_deref() != Some("POST") {
        return Err((405, "{\"error\":\"POST a JSON object to /\"}".into()));
    }
    let body = field(doc, "body").and_then(unquote).unwrap_or_default();
    if !body.trim_start().starts_with('{') {
        return Err((400, "{\"error\":\"the body must be a JSON object\"}".into()));
    }
    Ok(body)
}

/// A 422 answer: the body is JSON but a field is missing or out of range.
fn invalid(message: &str) -> (i32, String) {
    (422, format!("{{\"error\":\"{message}\"}}"))
}

/// `x` rounded to 4 decimals, without trailing zeros (`0.5`, `2`, `-0.3333`).
fn num(x: f64) -> String {
    let mut s = format!("{x:.4}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

const INTENTS: [(&str, &[&str]); 4] = [
    (
        "billing",
        &["invoice", "charge", "refund", "payment", "bill", "price"],
    ),
    (
        "bug",
        &["error", "crash", "broken", "bug", "fails", "exception"],
    ),
    (
        "feature",
        &["feature", "support", "wish", "request", "could", "add"],
    ),
    ("greeting", &["hello", "hi", "hey", "thanks"]),
];

fn hits(word: &str, keyword: &str) -> bool {
    word == keyword || (keyword.len() >= 4 && word.starts_with(keyword))
}

fn answer(body: &str) -> Result<String, (i32, String)> {
    let text = field(body, "text")
        .and_then(unquote)
        .ok_or_else(|| invalid("text must be a string"))?;
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let counts: Vec<usize> = INTENTS
        .iter()
        .map(|(_, keywords)| {
            words
                .iter()
                .filter(|w| keywords.iter().any(|k| hits(w, k)))
                .count()
        })
        .collect();
    let total: usize = counts.iter().sum();
    let best = (1..counts.len()).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    let (intent, confidence) = if total == 0 {
        ("unknown", 0.0)
    } else {
        (INTENTS[best].0, counts[best] as f64 / total as f64)
    };
    let list: Vec<String> = INTENTS
        .iter()
        .zip(&counts)
        .map(|((name, _), n)| format!("\"{name}\":{n}"))
        .collect();
    Ok(format!(
        "{{\"intent\":\"{intent}\",\"confidence\":{},\"hits\":{{{}}}}}",
        num(confidence),
        list.join(",")
    ))
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    match json_body(req_ptr, req_len).and_then(|body| answer(&body)) {
        Ok(out) => reply(200, &out),
        Err((status, error)) => reply(status, &error),
    }
}
