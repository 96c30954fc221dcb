//! A key-value store with an owner: the first `POST /claim` with a token body (16-128
//! characters) makes its sender the owner (409 once claimed). `PUT /keys/<key>` stores the body
//! and `DELETE /keys/<key>` removes it, both only with `Authorization: Bearer <token>` (401
//! without, 403 with a wrong one; compared in constant time); `GET /keys/<key>` reads a value as
//! plain text and `GET /keys` lists keys, for anyone. Keys are 1-128 characters
//! `[A-Za-z0-9._-]`, values up to 64 KiB, at most 1000 keys.
//! smoke: {"request": {"method": "PUT", "path": "/keys/greeting", "body": "hi"}, "status": 401, "body": "{\"error\":\"missing bearer token\"}"}
//! smoke: {"request": {"method": "POST", "path": "/claim", "body": "s3cret-token-0123456789"}, "status": 201, "body": "{\"claimed\":true}"}
//! smoke: {"request": {"method": "POST", "path": "/claim", "body": "another-token-987654321"}, "status": 409, "body": "{\"error\":\"already claimed\"}"}
//! smoke: {"request": {"method": "PUT", "path": "/keys/greeting", "body": "hello", "headers": {"authorization": "Bearer wrong-token-000000000"}}, "status": 403, "body": "{\"error\":\"wrong token\"}"}
//! smoke: {"request": {"method": "PUT", "path": "/keys/greeting", "body": "hello, world", "headers": {"authorization": "Bearer s3cret-token-0123456789"}}, "status": 200, "body": "{\"key\":\"greeting\",\"bytes\":12}"}
//! smoke: {"request": {"path": "/keys/greeting"}, "status": 200, "body": "hello, world", "content_type": "text/plain; charset=utf-8"}
//! smoke: {"request": {"path": "/keys"}, "status": 200, "body": "{\"keys\":[\"greeting\"]}"}
//! smoke: {"request": {"method": "DELETE", "path": "/keys/greeting", "headers": {"authorization": "Bearer s3cret-token-0123456789"}}, "status": 200, "body": "{\"deleted\":\"greeting\"}"}
//! smoke: {"request": {"path": "/keys/greeting"}, "status": 404, "body": "{\"error\":\"no such key\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

const MAX_KEYS: usize = 1000;

/// Equal without an early exit, so timing does not reveal how much of a guess was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
}

fn authorize(req: &Request) -> Result<(), Reply> {
    let owner = load("owner")
        .filter(|o| !o.is_empty())
        .ok_or_else(|| Reply::error(401, "missing bearer token"))?;
    let token = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "));
    let token = token.ok_or_else(|| Reply::error(401, "missing bearer token"))?;
    if same(token.as_bytes(), owner.as_bytes()) {
        Ok(())
    } else {
        Err(Reply::error(403, "wrong token"))
    }
}

fn handle(req: &Request) -> Reply {
    let path = split_path(&req.path).0;
    let index = load("index").unwrap_or_default();
    match (req.method.as_str(), path) {
        ("POST", "/claim") => {
            if load("owner").is_some_and(|o| !o.is_empty()) {
                return Reply::error(409, "already claimed");
            }
            let token = req.body.trim();
            if !(16..=128).contains(&token.len()) || !token.bytes().all(|b| b.is_ascii_graphic()) {
                return Reply::error(422, "token must be 16-128 printable ASCII characters");
            }
            if !store("owner", token) {
                return Reply::error(507, "storage full");
            }
            return Reply::json(201, String::from("{\"claimed\":true}"));
        }
        ("GET", "/keys") => {
            let keys: Vec<String> = index.lines().map(|k| format!("\"{k}\"")).collect();
            return Reply::json(200, format!("{{\"keys\":[{}]}}", keys.join(",")));
        }
        _ => {}
    }
    let Some(key) = path.strip_prefix("/keys/") else {
        return Reply::error(
            404,
            "routes: POST /claim, GET /keys, GET|PUT|DELETE /keys/<key>",
        );
    };
    if key.is_empty()
        || key.len() > 128
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    {
        return Reply::error(422, "keys are 1-128 characters [A-Za-z0-9._-]");
    }
    let known = index.lines().any(|k| k == key);
    match req.method.as_str() {
        "GET" => match load(&format!("value:{key}")) {
            Some(value) if known => Reply::text(200, value),
            _ => Reply::error(404, "no such key"),
        },
        "PUT" => {
            if let Err(denied) = authorize(req) {
                return denied;
            }
            if req.body.len() > 64 * 1024 {
                return Reply::error(413, "values are at most 64 KiB");
            }
            let mut new_index = index.clone();
            if !known {
                if index.lines().count() >= MAX_KEYS {
                    return Reply::error(507, "key limit reached");
                }
                new_index.push_str(key);
                new_index.push('\n');
            }
            if !store_all(&[(&format!("value:{key}"), &req.body), ("index", &new_index)]) {
                return Reply::error(507, "storage full");
            }
            Reply::json(
                200,
                format!("{{\"key\":\"{key}\",\"bytes\":{}}}", req.body.len()),
            )
        }
        "DELETE" => {
            if let Err(denied) = authorize(req) {
                return denied;
            }
            if !known {
                return Reply::error(404, "no such key");
            }
            let remaining: String = index
                .lines()
                .filter(|k| *k != key)
                .map(|k| format!("{k}\n"))
                .collect();
            // Shrinking writes never hit the quota.
            store("index", &remaining);
            store(&format!("value:{key}"), "");
            Reply::json(200, format!("{{\"deleted\":\"{key}\"}}"))
        }
        _ => Reply::error(405, "GET, PUT or DELETE /keys/<key>"),
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

/// The parts of the host's request document this cartridge reads (header names are lower-case).
struct Request {
    method: String,
    path: String,
    body: String,
    headers: Vec<(String, String)>,
}

impl Request {
    fn parse(doc: &str) -> Option<Request> {
        let mut req = Request {
            method: String::new(),
            path: String::new(),
            body: String::new(),
            headers: Vec::new(),
        };
        Json::new(doc).object(|key, json| {
            match key {
                "method" => req.method = json.string()?,
                "path" => req.path = json.string()?,
                "body" => req.body = json.string()?,
                "headers" => json.object(|name, json| {
                    let value = json.string()?;
                    req.headers.push((String::from(name), value));
                    Some(())
                })?,
                _ => json.skip()?,
            }
            Some(())
        })?;
        Some(req)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
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

    fn text(status: u16, body: String) -> Reply {
        Reply {
            status,
            body,
            content_type: "text/plain; charset=utf-8",
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

/// Stores every pair or none. The host refuses a write past the cartridge's quota but keeps
/// the request's other writes, so a refusal after the first write traps: a trapped request's
/// writes are all discarded. `false` when the first write is refused (nothing was written).
fn store_all(pairs: &[(&str, &str)]) -> bool {
    for (i, (key, value)) in pairs.iter().enumerate() {
        if !store(key, value) {
            if i == 0 {
                return false;
            }
            core::arch::wasm32::unreachable();
        }
    }
    true
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
