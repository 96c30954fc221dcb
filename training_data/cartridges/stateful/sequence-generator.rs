//! Named sequences for ids such as invoice numbers: `POST /sequences/<name>` with
//! `{"start": N, "step": S, "prefix": "INV-", "width": 6}` defines one (409 if it exists);
//! `POST /sequences/<name>/next?count=K` (1-100) reserves the next K values and answers them
//! formatted (`INV-000100`); `GET /sequences/<name>` shows the definition and the next value.
//! Values never repeat: a value is handed out once even if the client loses the answer.
//! smoke: {"request": {"method": "POST", "path": "/sequences/invoice", "body": "{\"start\":100,\"step\":1,\"prefix\":\"INV-\",\"width\":6}"}, "status": 201, "body": "{\"name\":\"invoice\",\"start\":100,\"step\":1,\"prefix\":\"INV-\",\"width\":6,\"next\":100}"}
//! smoke: {"request": {"method": "POST", "path": "/sequences/invoice/next"}, "status": 200, "body": "{\"values\":[\"INV-000100\"]}"}
//! smoke: {"request": {"method": "POST", "path": "/sequences/invoice/next?count=3"}, "status": 200, "body": "{\"values\":[\"INV-000101\",\"INV-000102\",\"INV-000103\"]}"}
//! smoke: {"request": {"path": "/sequences/invoice"}, "status": 200, "body": "{\"name\":\"invoice\",\"start\":100,\"step\":1,\"prefix\":\"INV-\",\"width\":6,\"next\":104}"}
//! smoke: {"request": {"method": "POST", "path": "/sequences/invoice", "body": "{\"start\":1,\"step\":1}"}, "status": 409, "body": "{\"error\":\"sequence invoice exists\"}"}
//! smoke: {"request": {"method": "POST", "path": "/sequences/even", "body": "{\"start\":0,\"step\":2}"}, "status": 201, "body": "{\"name\":\"even\",\"start\":0,\"step\":2,\"prefix\":\"\",\"width\":1,\"next\":0}"}
//! smoke: {"request": {"method": "POST", "path": "/sequences/even/next?count=3"}, "status": 200, "body": "{\"values\":[\"0\",\"2\",\"4\"]}"}
//! smoke: {"request": {"method": "POST", "path": "/sequences/nope/next"}, "status": 404, "body": "{\"error\":\"no sequence nope\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

struct Sequence {
    start: u64,
    step: u64,
    prefix: String,
    width: usize,
    next: u64,
}

impl Sequence {
    /// Stored as `start step width next prefix` (the prefix last: it may contain anything but a newline).
    fn load(name: &str) -> Option<Sequence> {
        let text = load(&format!("seq:{name}"))?;
        let mut f = text.splitn(5, ' ');
        let mut num = || f.next()?.parse::<u64>().ok();
        let (start, step, width, next) = (num()?, num()?, num()? as usize, num()?);
        Some(Sequence {
            start,
            step,
            prefix: String::from(f.next().unwrap_or_default()),
            width,
            next,
        })
    }

    fn save(&self, name: &str) -> bool {
        store(
            &format!("seq:{name}"),
            &format!(
                "{} {} {} {} {}",
                self.start, self.step, self.width, self.next, self.prefix
            ),
        )
    }

    fn to_json(&self, name: &str) -> String {
        format!(
            "{{\"name\":\"{name}\",\"start\":{},\"step\":{},\"prefix\":{},\"width\":{},\"next\":{}}}",
            self.start,
            self.step,
            quote(&self.prefix),
            self.width,
            self.next
        )
    }
}

fn handle(req: &Request) -> Reply {
    let (path, query) = split_path(&req.path);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (name, action) = match parts[..] {
        ["sequences", name] => (name, None),
        ["sequences", name, "next"] => (name, Some("next")),
        _ => {
            return Reply::error(
                404,
                "routes: POST|GET /sequences/<name>, POST /sequences/<name>/next",
            )
        }
    };
    if name.is_empty()
        || name.len() > 32
        || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Reply::error(422, "names are 1-32 characters [A-Za-z0-9-]");
    }
    let existing = Sequence::load(name);
    match (req.method.as_str(), action, existing) {
        ("GET", None, Some(seq)) => Reply::json(200, seq.to_json(name)),
        ("POST", None, Some(_)) => Reply::error(409, &format!("sequence {name} exists")),
        ("POST", None, None) => {
            let (mut start, mut step, mut prefix, mut width) =
                (Some(1.0), Some(1.0), Some(String::new()), Some(1.0));
            let parsed = Json::new(&req.body).object(|key, json| {
                match key {
                    "start" => start = json.number(),
                    "step" => step = json.number(),
                    "width" => width = json.number(),
                    "prefix" => prefix = json.string(),
                    _ => json.skip()?,
                }
                Some(())
            });
            let int = |v: Option<f64>, lo: f64, hi: f64| {
                v.filter(|v| (lo..=hi).contains(v) && *v as u64 as f64 == *v)
                    .map(|v| v as u64)
            };
            let (Some(start), Some(step), Some(width), Some(prefix), Some(())) = (
                int(start, 0.0, 1e15),
                int(step, 1.0, 1e6),
                int(width, 1.0, 20.0),
                prefix.filter(|p| p.len() <= 16 && !p.contains('\n')),
                parsed,
            ) else {
                return Reply::error(
                    422,
                    "start 0-10^15, step 1-10^6, width 1-20, prefix up to 16 bytes",
                );
            };
            let seq = Sequence {
                start,
                step,
                prefix,
                width: width as usize,
                next: start,
            };
            if !seq.save(name) {
                return Reply::error(507, "storage full");
            }
            Reply::json(201, seq.to_json(name))
        }
        ("POST", Some(_), Some(mut seq)) => {
            let Some(count) = param(query, "count")
                .map_or(Some(1), |c| c.parse::<u64>().ok())
                .filter(|c| (1..=100).contains(c))
            else {
                return Reply::error(400, "count must be 1-100");
            };
            let Some(after) = seq
                .step
                .checked_mul(count)
                .and_then(|d| seq.next.checked_add(d))
            else {
                return Reply::error(409, "the sequence is exhausted");
            };
            let values: Vec<String> = (0..count)
                .map(|i| {
                    format!(
                        "\"{}{:0width$}\"",
                        seq.prefix,
                        seq.next + i * seq.step,
                        width = seq.width
                    )
                })
                .collect();
            seq.next = after;
            if !seq.save(name) {
                return Reply::error(507, "storage full");
            }
            Reply::json(200, format!("{{\"values\":[{}]}}", values.join(",")))
        }
        (_, _, None) if req.method == "GET" || req.method == "POST" => {
            Reply::error(404, &format!("no sequence {name}"))
        }
        _ => Reply::error(405, "GET or POST"),
    }
}

// ---- ABI v2 plumbing: host imports, allocator, request/reply ----

#[link(wasm_import_module = "x402")]
extern "C" {
    fn kv_get(key_ptr: *const u8, key_len: i32) -> i64;
    fn kv_set(key_ptr: *const u8, key_len: i32, val_ptr: *const u8, val_len: i32) -> i32;
    fn response(status: i32, body_ptr: *const u8, body_len: i32, ct_ptr: *const u8, ct_len: i32);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Bump allocator: a static arena, then fresh pages. Every request runs in a fresh instance,
/// so nothing is ever freed.
struct Bump;
const ARENA_SIZE: usize = 256 * 1024;
static mut ARENA: [u8; ARENA_SIZE] = [0; ARENA_SIZE];
static mut USED: usize = 0;

unsafe impl core::alloc::GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        let start = (USED + layout.align() - 1) & !(layout.align() - 1);
        if start + layout.size() <= ARENA_SIZE {
            USED = start + layout.size();
            return (core::ptr::addr_of_mut!(ARENA) as *mut u8).add(start);
        }
        match core::arch::wasm32::memory_grow(0, layout.size().div_ceil(65536)) {
            usize::MAX => core::ptr::null_mut(),
            page => (page * 65536) as *mut u8,
        }
    }
    unsafe fn dealloc(&self, _: *mut u8, _: core::alloc::Layout) {}
}

#[global_allocator]
static HEAP: Bump = Bump;

/// Where the host writes the buffers it passes in (request, KV values).
#[no_mangle]
pub extern "C" fn x402_alloc(size: i32) -> i32 {
    let layout = core::alloc::Layout::from_size_align(size as usize, 8);
    layout.map_or(0, |l| unsafe {
        core::alloc::GlobalAlloc::alloc(&HEAP, l) as i32
    })
}

/// Entry point: parse the request document, route it, send the reply.
#[no_mangle]
pub extern "C" fn x402_handle(ptr: i32, len: i32) {
    let raw = unsafe { core::slice::from_raw_parts(ptr as *const u8, len as usize) };
    let reply = match core::str::from_utf8(raw).ok().and_then(Request::parse) {
        Some(req) => handle(&req),
        None => Reply::error(400, "malformed request document"),
    };
    let (body, ct) = (reply.body.as_bytes(), reply.content_type.as_bytes());
    unsafe {
        response(
            reply.status as i32,
            body.as_ptr(),
            body.len() as i32,
            ct.as_ptr(),
            ct.len() as i32,
        )
    };
}

/// The parts of the host's request document this cartridge reads.
struct Request {
    method: String,
    path: String,
    body: String,
}

impl Request {
    fn parse(doc: &str) -> Option<Request> {
        let mut req = Request {
            method: String::new(),
            path: String::new(),
            body: String::new(),
        };
        Json::new(doc).object(|key, json| {
            match key {
                "method" => req.method = json.string()?,
                "path" => req.path = json.string()?,
                "body" => req.body = json.string()?,
                _ => json.skip()?,
            }
            Some(())
        })?;
        Some(req)
    }
}

/// What the cartridge answers.
struct Reply {
    status: u16,
    body: String,
    content_type: &'static str,
}

impl Reply {
    fn json(status: u16, body: String) -> Reply {
        Reply {
            status,
            body,
            content_type: "application/json",
        }
    }

    /// `{"error": message}` with `status`.
    fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, format!("{{\"error\":{}}}", quote(message)))
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

/// Splits `/a/b?x=1` into the path `/a/b` and the query `x=1`.
fn split_path(path: &str) -> (&str, &str) {
    path.split_once('?').unwrap_or((path, ""))
}

/// The percent-decoded value of `key` in a query string (`+` is a space).
fn param(query: &str, key: &str) -> Option<String> {
    let raw = query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then_some(v)
    })?;
    percent_decode(raw)
}

/// Decodes `%XX` escapes and `+`; `None` on a bad escape or invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let (b, mut out, mut i) = (s.as_bytes(), Vec::with_capacity(s.len()), 0);
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = b
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
                out.push(u8::from_str_radix(core::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The value stored under `key`, if any.
fn load(key: &str) -> Option<String> {
    let packed = unsafe { kv_get(key.as_ptr(), key.len() as i32) } as u64;
    if packed == 0 {
        return None;
    }
    let (ptr, len) = ((packed >> 32) as usize, (packed & 0xffff_ffff) as usize);
    let bytes = unsafe { core::slice::from_raw_parts(ptr as *const u8, len) };
    String::from_utf8(bytes.to_vec()).ok()
}

/// Stores `value` under `key`; `false` when the host refuses (size or quota).
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

/// A minimal JSON reader over a byte cursor: objects, arrays, strings, numbers, literals.
/// Nesting is capped, so a hostile `[[[[...` cannot exhaust the stack and trap.
struct Json<'a> {
    s: &'a [u8],
    i: usize,
    depth: u32,
}

impl<'a> Json<'a> {
    fn new(text: &'a str) -> Self {
        Json {
            s: text.as_bytes(),
            i: 0,
            depth: 0,
        }
    }

    /// The next non-whitespace byte, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.i += hit as usize;
        hit
    }

    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = String::new();
        loop {
            let run = self.i;
            while self
                .s
                .get(self.i)
                .is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20)
            {
                self.i += 1;
            }
            out.push_str(core::str::from_utf8(&self.s[run..self.i]).ok()?);
            let c = *self.s.get(self.i)?;
            self.i += 1;
            match c {
                b'"' => return Some(out),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    out.push(match e {
                        b'"' | b'\\' | b'/' => e as char,
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => self.unicode()?,
                        _ => return None,
                    });
                }
                _ => return None,
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair.
    fn unicode(&mut self) -> Option<char> {
        let hi = self.hex4()?;
        if !(0xd800..0xdc00).contains(&hi) {
            return char::from_u32(hi);
        }
        if self.s.get(self.i..self.i + 2)? != b"\\u" {
            return None;
        }
        self.i += 2;
        let lo = self.hex4()?.checked_sub(0xdc00).filter(|lo| *lo < 0x400)?;
        char::from_u32(0x10000 + ((hi - 0xd800) << 10) + lo)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.i..self.i + 4)?;
        self.i += 4;
        digits
            .iter()
            .try_fold(0, |n, &d| Some(n * 16 + (d as char).to_digit(16)?))
    }

    fn number(&mut self) -> Option<f64> {
        self.peek()?;
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|c| b"+-.eE0123456789".contains(c))
        {
            self.i += 1;
        }
        let text = core::str::from_utf8(&self.s[start..self.i]).ok()?;
        text.parse().ok().filter(|n: &f64| n.is_finite())
    }

    /// Walks an object, handing each key to `member`, which must consume the value.
    fn object(&mut self, mut member: impl FnMut(&str, &mut Self) -> Option<()>) -> Option<()> {
        if self.depth >= 64 || !self.eat(b'{') {
            return None;
        }
        self.depth += 1;
        let mut done = self.eat(b'}');
        while !done {
            let key = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            member(&key, self)?;
            done = self.eat(b'}');
            if !done && !self.eat(b',') {
                return None;
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// Walks an array, calling `item`, which must consume each element.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if self.depth >= 64 || !self.eat(b'[') {
            return None;
        }
        self.depth += 1;
        let mut done = self.eat(b']');
        while !done {
            item(self)?;
            done = self.eat(b']');
            if !done && !self.eat(b',') {
                return None;
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// Consumes one value of any kind.
    fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.object(|_, json| json.skip()),
            b'[' => self.array(Json::skip),
            _ => {
                let start = self.i;
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c))
                {
                    self.i += 1;
                }
                (self.i > start).then_some(())
            }
        }
    }
}
