//! A URL shortener: `POST /` with an `http(s)` URL as the body (up to 2048 bytes) answers 201
//! `{"code", "url"}`, where the code is the next counter value in base 62; shortening a URL
//! twice returns its existing code (200). `GET /<code>` answers 302-style JSON
//! `{"location": url}` with status 302 and counts the visit; `GET /<code>/stats` shows the
//! visits. At most 10000 links.
//! smoke: {"request": {"method": "POST", "body": "https://example.com/a/very/long/path?q=1"}, "status": 201, "body": "{\"code\":\"1\",\"url\":\"https://example.com/a/very/long/path?q=1\"}"}
//! smoke: {"request": {"method": "POST", "body": "http://rust-lang.org"}, "status": 201, "body": "{\"code\":\"2\",\"url\":\"http://rust-lang.org\"}"}
//! smoke: {"request": {"method": "POST", "body": "https://example.com/a/very/long/path?q=1"}, "status": 200, "body": "{\"code\":\"1\",\"url\":\"https://example.com/a/very/long/path?q=1\"}"}
//! smoke: {"request": {"path": "/2"}, "status": 302, "body": "{\"location\":\"http://rust-lang.org\"}"}
//! smoke: {"request": {"path": "/2"}, "status": 302, "body": "{\"location\":\"http://rust-lang.org\"}"}
//! smoke: {"request": {"path": "/2/stats"}, "status": 200, "body": "{\"code\":\"2\",\"url\":\"http://rust-lang.org\",\"visits\":2}"}
//! smoke: {"request": {"path": "/zz"}, "status": 404, "body": "{\"error\":\"unknown code zz\"}"}
//! smoke: {"request": {"method": "POST", "body": "javascript:alert(1)"}, "status": 422, "body": "{\"error\":\"only http:// and https:// URLs with a host\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String};

const ALPHABET: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const MAX_LINKS: u64 = 10_000;

fn base62(mut n: u64) -> String {
    let mut out = String::new();
    loop {
        out.insert(0, ALPHABET[(n % 62) as usize] as char);
        n /= 62;
        if n == 0 {
            return out;
        }
    }
}

/// A small stable hash of the URL, to find an existing code without scanning.
fn url_key(url: &str) -> String {
    let h = url.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("by-url:{h:016x}")
}

fn handle(req: &Request) -> Reply {
    let path = split_path(&req.path).0;
    if path == "/" {
        if req.method != "POST" {
            return Reply::error(405, "POST a URL to shorten it");
        }
        let url = req.body.trim();
        let rest = url.strip_prefix("https://").or(url.strip_prefix("http://"));
        if url.len() > 2048
            || !rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
            || url.contains(char::is_whitespace)
        {
            return Reply::error(422, "only http:// and https:// URLs with a host");
        }
        // The hash slot holds `code url` lines: collisions simply share a slot.
        let slot_key = url_key(url);
        let slot = load(&slot_key).unwrap_or_default();
        if let Some(code) = slot
            .lines()
            .find_map(|l| l.split_once(' ').filter(|(_, u)| *u == url).map(|(c, _)| c))
        {
            return Reply::json(
                200,
                format!("{{\"code\":\"{code}\",\"url\":{}}}", quote(url)),
            );
        }
        let n: u64 = load("counter").and_then(|c| c.parse().ok()).unwrap_or(0) + 1;
        if n > MAX_LINKS {
            return Reply::error(507, "link limit reached");
        }
        let code = base62(n);
        let writes = [
            (format!("link:{code}"), String::from(url)),
            (slot_key, format!("{slot}{code} {url}\n")),
            (String::from("counter"), format!("{n}")),
        ];
        if !store_all(&writes.each_ref().map(|(k, v)| (k.as_str(), v.as_str()))) {
            return Reply::error(507, "storage full");
        }
        return Reply::json(
            201,
            format!("{{\"code\":\"{code}\",\"url\":{}}}", quote(url)),
        );
    }
    if req.method != "GET" {
        return Reply::error(405, "GET /<code> or /<code>/stats");
    }
    let rest = path.strip_prefix('/').unwrap_or(path);
    let (code, stats) = rest
        .strip_suffix("/stats")
        .map_or((rest, false), |c| (c, true));
    let Some(url) =
        load(&format!("link:{code}")).filter(|_| code.bytes().all(|b| b.is_ascii_alphanumeric()))
    else {
        return Reply::error(404, &format!("unknown code {code}"));
    };
    let visits_key = format!("visits:{code}");
    let visits: u64 = load(&visits_key).and_then(|v| v.parse().ok()).unwrap_or(0);
    if stats {
        return Reply::json(
            200,
            format!(
                "{{\"code\":\"{code}\",\"url\":{},\"visits\":{visits}}}",
                quote(&url)
            ),
        );
    }
    // A refused count must not break the redirect.
    store(&visits_key, &format!("{}", visits + 1));
    Reply::json(302, format!("{{\"location\":{}}}", quote(&url)))
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
