//! A job queue ordered by what was paid: POST /jobs with a payment and the task as the body
//! (1 to 200 characters) queues it with the amount as its priority; GET /jobs/next takes the
//! highest-paid job (the oldest first among equal payments); GET /jobs counts pending jobs. At
//! most 100 jobs wait. Unpaid jobs get 402, an empty or long task 422, an empty queue 404.
//! smoke: {"request": {"method": "POST", "path": "/jobs", "body": "resize image"}, "status": 402, "body": "{\"error\":\"a job needs a payment; it sets the priority\"}"}
//! smoke: {"request": {"method": "POST", "path": "/jobs", "body": "resize image", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "500", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 201, "body": "{\"id\":1,\"priority\":500,\"pending\":1}"}
//! smoke: {"request": {"method": "POST", "path": "/jobs", "body": "render \"intro\" video", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "2000", "tx_hash": "0xbb01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 201, "body": "{\"id\":2,\"priority\":2000,\"pending\":2}"}
//! smoke: {"request": {"method": "POST", "path": "/jobs", "body": "send email", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "500", "tx_hash": "0xcc01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 201, "body": "{\"id\":3,\"priority\":500,\"pending\":3}"}
//! smoke: {"request": {"method": "POST", "path": "/jobs", "body": "  ", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "500", "tx_hash": "0xcc02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 422, "body": "{\"error\":\"the task must be 1 to 200 characters\"}"}
//! smoke: {"request": {"path": "/jobs/next"}, "status": 200, "body": "{\"id\":2,\"priority\":2000,\"task\":\"render \\\"intro\\\" video\"}"}
//! smoke: {"request": {"path": "/jobs/next"}, "status": 200, "body": "{\"id\":1,\"priority\":500,\"task\":\"resize image\"}"}
//! smoke: {"request": {"path": "/jobs"}, "status": 200, "body": "{\"pending\":1}"}
//! smoke: {"request": {"path": "/jobs/next"}, "status": 200, "body": "{\"id\":3,\"priority\":500,\"task\":\"send email\"}"}
//! smoke: {"request": {"path": "/jobs/next"}, "status": 404, "body": "{\"error\":\"queue is empty\"}"}
#![no_std]
extern crate alloc;

use alloc::{
    format,
    string::{String, ToString},
    vec::Vec,
};
use core::alloc::{GlobalAlloc, Layout};

#[link(wasm_import_module = "x402")]
extern "C" {
    fn kv_get(key_ptr: *const u8, key_len: i32) -> i64;
    fn kv_set(key_ptr: *const u8, key_len: i32, val_ptr: *const u8, val_len: i32) -> i32;
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

/// The value stored under `key` in this cartridge's KV, if any.
fn load(key: &str) -> Option<&'static str> {
    let packed = unsafe { kv_get(key.as_ptr(), key.len() as i32) };
    if packed == 0 {
        return None;
    }
    core::str::from_utf8(unpack(packed)).ok()
}

/// Stores `value` under `key`; false when the host refused the write (size or quota).
fn store(key: &str, value: &str) -> bool {
    unsafe {
        kv_set(
            key.as_ptr(),
            key.len() as i32,
            value.as_ptr(),
            value.len() as i32,
        ) == 0
    }
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

/// The amount paid for this request in token units (6 decimals), or `None` when it was free.
fn paid_amount() -> Option<u64> {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).ok()?;
    unquote(field(info, "amount")?)?.parse().ok()
}

const MAX_PENDING: usize = 100;
const MAX_TASK: usize = 200;

/// The queue: one `"<id> <priority>"` line per pending job, in arrival order; each task is
/// stored under `task:<id>`.
fn queue() -> Vec<(u64, u64)> {
    load("queue")
        .unwrap_or("")
        .lines()
        .filter_map(|line| {
            let (id, priority) = line.split_once(' ')?;
            Some((id.parse().ok()?, priority.parse().ok()?))
        })
        .collect()
}

fn save_queue(jobs: &[(u64, u64)]) -> bool {
    let lines: Vec<String> = jobs.iter().map(|(id, p)| format!("{id} {p}")).collect();
    store("queue", &lines.join("\n"))
}

fn submit(task: &str) {
    let Some(priority) = paid_amount() else {
        return reply(
            402,
            "{\"error\":\"a job needs a payment; it sets the priority\"}",
        );
    };
    let task = task.trim();
    if task.is_empty() || task.chars().count() > MAX_TASK {
        return reply(422, "{\"error\":\"the task must be 1 to 200 characters\"}");
    }
    let mut jobs = queue();
    if jobs.len() >= MAX_PENDING {
        return reply(503, "{\"error\":\"queue is full\"}");
    }
    let id = load("last_id")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        + 1;
    jobs.push((id, priority));
    if !store("last_id", &id.to_string())
        || !store(&format!("task:{id}"), task)
        || !save_queue(&jobs)
    {
        return reply(507, "{\"error\":\"cannot store the job\"}");
    }
    reply(
        201,
        &format!(
            "{{\"id\":{id},\"priority\":{priority},\"pending\":{}}}",
            jobs.len()
        ),
    );
}

fn take_next() {
    let mut jobs = queue();
    // Highest priority; `max_by_key` would pick the newest of equals, so compare by hand.
    let Some(at) = (0..jobs.len()).fold(None, |best: Option<usize>, i| match best {
        Some(b) if jobs[b].1 >= jobs[i].1 => Some(b),
        _ => Some(i),
    }) else {
        return reply(404, "{\"error\":\"queue is empty\"}");
    };
    let (id, priority) = jobs.remove(at);
    let task = load(&format!("task:{id}")).unwrap_or("");
    let body = format!(
        "{{\"id\":{id},\"priority\":{priority},\"task\":{}}}",
        quote(task)
    );
    if !save_queue(&jobs) || !store(&format!("task:{id}"), "") {
        return reply(507, "{\"error\":\"cannot update the queue\"}");
    }
    reply(200, &body);
}

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let req = request(req_ptr, req_len);
    match (req.method.as_str(), req.path.as_str()) {
        ("POST", "/jobs") => submit(&req.body),
        ("GET", "/jobs/next") => take_next(),
        ("GET", "/jobs") => reply(200, &format!("{{\"pending\":{}}}", queue().len())),
        _ => reply(
            404,
            "{\"error\":\"routes: POST /jobs, GET /jobs, GET /jobs/next\"}",
        ),
    }
}
