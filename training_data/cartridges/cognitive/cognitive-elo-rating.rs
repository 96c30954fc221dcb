//! A cognitive Elo rating update: `POST /` with `{"rating_a": ra, "rating_b": rb, "score_a": s,
//! "k": k}` (s is 1 for a win of A, 0.5 a draw, 0 a loss; k defaults to 32) answers A's
//! expected score 1 / (1 + 10^((rb - ra) / 400)) and both new ratings, rounded to 4 decimals;
//! the two changes always sum to zero. Other scores or a non-positive k get 422.
//! smoke: {"request": {"method": "POST", "body": "{\"rating_a\":1500,\"rating_b\":1600,\"score_a\":1}"}, "status": 200, "body": "{\"expected_a\":0.3599,\"rating_a\":1520.4821,\"rating_b\":1579.5179}"}
//! smoke: {"request": {"method": "POST", "body": "{\"rating_a\":2000,\"rating_b\":2000,\"score_a\":0.5,\"k\":16}"}, "status": 200, "body": "{\"expected_a\":0.5,\"rating_a\":2000,\"rating_b\":2000}"}
//! smoke: {"request": {"method": "POST", "body": "{\"rating_a\":1400,\"rating_b\":1200,\"score_a\":0,\"k\":20}"}, "status": 200, "body": "{\"expected_a\":0.7597,\"rating_a\":1384.8051,\"rating_b\":1215.1949}"}
//! smoke: {"request": {"method": "POST", "body": "{\"rating_a\":1500,\"rating_b\":1500,\"score_a\":0.7}"}, "status": 422, "body": "{\"error\":\"score_a must be 0, 0.5 or 1\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String};
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

/// Member `key` of `obj` as a finite number.
fn number(obj: &str, key: &str) -> Option<f64> {
    field(obj, key)?
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
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

const LN2: f64 = core::f64::consts::LN_2;

/// e^x: x = k·ln 2 + r with |r| <= ln 2 / 2, e^r by its Taylor series, then scaled by 2^k.
fn exp(x: f64) -> f64 {
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -708.0 {
        return 0.0;
    }
    let k = (x / LN2 + if x < 0.0 { -0.5 } else { 0.5 }) as i64;
    let r = x - k as f64 * LN2;
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 1..20 {
        term *= r / n as f64;
        sum += term;
    }
    sum * f64::from_bits(((k + 1023) as u64) << 52)
}

const LN10: f64 = core::f64::consts::LN_10;

fn answer(body: &str) -> Result<String, (i32, String)> {
    let (Some(ra), Some(rb)) = (number(body, "rating_a"), number(body, "rating_b")) else {
        return Err(invalid("rating_a and rating_b must be numbers"));
    };
    let score = number(body, "score_a")
        .filter(|s| [0.0, 0.5, 1.0].contains(s))
        .ok_or_else(|| invalid("score_a must be 0, 0.5 or 1"))?;
    let k = match field(body, "k") {
        None => 32.0,
        Some(_) => number(body, "k")
            .filter(|k| *k > 0.0)
            .ok_or_else(|| invalid("k must be positive"))?,
    };
    // 10^x = e^(x ln 10)
    let expected = 1.0 / (1.0 + exp((rb - ra) / 400.0 * LN10));
    let change = k * (score - expected);
    Ok(format!(
        "{{\"expected_a\":{},\"rating_a\":{},\"rating_b\":{}}}",
        num(expected),
        num(ra + change),
        num(rb - change)
    ))
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    match json_body(req_ptr, req_len).and_then(|body| answer(&body)) {
        Ok(out) => reply(200, &out),
        Err((status, error)) => reply(status, &error),
    }
}
