//! A cognitive k-nearest-neighbours classifier: `POST /` with `{"point": [...], "examples":
//! [{"x": [...], "label": "..."}, ...], "k": k}` finds the k examples closest to the point
//! (Euclidean distance; k defaults to 3 and is capped at the number of examples) and answers
//! the majority label with the votes, in order of first appearance among the neighbours; a
//! tie goes to the label of the nearest tied neighbour. Vectors of different lengths, no
//! examples or k < 1 get 422.
//! smoke: {"request": {"method": "POST", "body": "{\"point\":[1,1],\"k\":3,\"examples\":[{\"x\":[0,0],\"label\":\"red\"},{\"x\":[5,5],\"label\":\"blue\"},{\"x\":[0,1],\"label\":\"red\"},{\"x\":[6,5],\"label\":\"blue\"},{\"x\":[5,6],\"label\":\"blue\"}]}"}, "status": 200, "body": "{\"label\":\"red\",\"votes\":{\"red\":2,\"blue\":1}}"}
//! smoke: {"request": {"method": "POST", "body": "{\"point\":[4,4],\"k\":5,\"examples\":[{\"x\":[0,0],\"label\":\"red\"},{\"x\":[5,5],\"label\":\"blue\"},{\"x\":[0,1],\"label\":\"red\"},{\"x\":[6,5],\"label\":\"blue\"},{\"x\":[5,6],\"label\":\"blue\"}]}"}, "status": 200, "body": "{\"label\":\"blue\",\"votes\":{\"blue\":3,\"red\":2}}"}
//! smoke: {"request": {"method": "POST", "body": "{\"point\":[2],\"k\":2,\"examples\":[{\"x\":[0],\"label\":\"low\"},{\"x\":[3],\"label\":\"high\"}]}"}, "status": 200, "body": "{\"label\":\"high\",\"votes\":{\"high\":1,\"low\":1}}"}
//! smoke: {"request": {"method": "POST", "body": "{\"point\":[1,1],\"examples\":[{\"x\":[1],\"label\":\"a\"}]}"}, "status": 422, "body": "{\"error\":\"every example needs x of the point's length and a label\"}"}
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

/// The raw elements of a JSON array.
fn items(raw: &str) -> Option<Vec<&str>> {
    let b = raw.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = skip_ws(b, 1);
    if b.get(i) == Some(&b']') {
        return Some(out);
    }
    loop {
        let end = skip_value(b, i)?;
        out.push(&raw[i..end]);
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => return Some(out),
            _ => return None,
        }
    }
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

/// A JSON array of finite numbers.
fn numbers(raw: &str) -> Option<Vec<f64>> {
    items(raw)?
        .iter()
        .map(|n| n.parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect()
}

fn answer(body: &str) -> Result<String, (i32, String)> {
    let point = field(body, "point")
        .and_then(numbers)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| invalid("point must be a non-empty array of numbers"))?;
    let examples: Option<Vec<(Vec<f64>, String)>> = field(body, "examples")
        .and_then(items)
        .filter(|e| !e.is_empty())
        .and_then(|list| {
            list.iter()
                .map(|e| {
                    Some((
                        field(e, "x")
                            .and_then(numbers)
                            .filter(|x| x.len() == point.len())?,
                        unquote(field(e, "label")?)?,
                    ))
                })
                .collect()
        });
    let mut examples = examples
        .ok_or_else(|| invalid("every example needs x of the point's length and a label"))?;
    let k = match field(body, "k") {
        None => 3,
        Some(k) => k
            .parse::<usize>()
            .ok()
            .filter(|k| *k >= 1)
            .ok_or_else(|| invalid("k must be a positive integer"))?,
    };
    // Squared distances order the same as distances.
    let distance = |x: &[f64]| {
        x.iter()
            .zip(&point)
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
    };
    examples.sort_by(|a, b| distance(&a.0).total_cmp(&distance(&b.0)));
    let mut votes: Vec<(&str, usize)> = Vec::new();
    for (_, label) in examples.iter().take(k) {
        match votes.iter_mut().find(|(l, _)| l == label) {
            Some((_, n)) => *n += 1,
            None => votes.push((label, 1)),
        }
    }
    // Labels appear in order of their nearest neighbour, so the first maximum wins ties.
    let winner = votes
        .iter()
        .fold(votes[0], |best, v| if v.1 > best.1 { *v } else { best });
    let list: Vec<String> = votes
        .iter()
        .map(|(l, n)| format!("{}:{n}", quote(l)))
        .collect();
    Ok(format!(
        "{{\"label\":{},\"votes\":{{{}}}}}",
        quote(winner.0),
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
