//! Validate a UUID (RFC 9562): `GET /<uuid>` answers `{"valid": true, "uuid", "version",
//! "variant"}` with the canonical lower-case hyphenated form. Accepts the hyphenated form, 32
//! bare hex digits, braces `{...}` and the `urn:uuid:` prefix. The nil and max UUIDs are
//! reported with version 0/15 and variant "nil"/"max". Anything else is a 422.
//! smoke: {"request": {"path": "/550E8400-E29B-41D4-A716-446655440000"}, "status": 200, "body": "{\"valid\":true,\"uuid\":\"550e8400-e29b-41d4-a716-446655440000\",\"version\":4,\"variant\":\"rfc9562\"}"}
//! smoke: {"request": {"path": "/urn:uuid:{0190e3a6-5f43-7cc1-8d6a-d8f5e0b2c1a4}"}, "status": 200, "body": "{\"valid\":true,\"uuid\":\"0190e3a6-5f43-7cc1-8d6a-d8f5e0b2c1a4\",\"version\":7,\"variant\":\"rfc9562\"}"}
//! smoke: {"request": {"path": "/00000000000000000000000000000000"}, "status": 200, "body": "{\"valid\":true,\"uuid\":\"00000000-0000-0000-0000-000000000000\",\"version\":0,\"variant\":\"nil\"}"}
//! smoke: {"request": {"path": "/550e8400-e29b-41d4-c716-446655440000"}, "status": 200, "body": "{\"valid\":true,\"uuid\":\"550e8400-e29b-41d4-c716-446655440000\",\"version\":4,\"variant\":\"microsoft\"}"}
//! smoke: {"request": {"path": "/550e8400-e29b41d4-a716-446655440000"}, "status": 422, "body": "{\"valid\":false,\"error\":\"hyphens must split 8-4-4-4-12 hex digits\"}"}
//! smoke: {"request": {"path": "/550e8400e29b41d4a71644665544000g"}, "status": 422, "body": "{\"valid\":false,\"error\":\"not a hex digit: g\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String};

fn handle(req: &Request) -> Reply {
    let raw = split_path(&req.path).0.trim_start_matches('/');
    match canonical(raw) {
        Ok(hex) => {
            let uuid = format!(
                "{}-{}-{}-{}-{}",
                &hex[..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..]
            );
            let version = u8::from_str_radix(&hex[12..13], 16).unwrap_or(0);
            let v = u8::from_str_radix(&hex[16..17], 16).unwrap_or(0);
            let variant = match () {
                _ if hex.bytes().all(|b| b == b'0') => "nil",
                _ if hex.bytes().all(|b| b == b'f') => "max",
                _ if v < 8 => "ncs",
                _ if v < 12 => "rfc9562",
                _ if v < 14 => "microsoft",
                _ => "future",
            };
            Reply::json(200, format!("{{\"valid\":true,\"uuid\":\"{uuid}\",\"version\":{version},\"variant\":\"{variant}\"}}"))
        }
        Err(why) => Reply::json(
            422,
            format!("{{\"valid\":false,\"error\":{}}}", quote(&why)),
        ),
    }
}

/// The 32 lower-case hex digits of a UUID in any accepted spelling.
fn canonical(raw: &str) -> Result<String, String> {
    let s = raw.strip_prefix("urn:uuid:").unwrap_or(raw);
    let s = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s);
    if s.contains('-') {
        let groups: alloc::vec::Vec<usize> = s.split('-').map(str::len).collect();
        if groups != [8, 4, 4, 4, 12] {
            return Err(String::from("hyphens must split 8-4-4-4-12 hex digits"));
        }
    }
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    if let Some(bad) = hex.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(format!("not a hex digit: {bad}"));
    }
    if hex.len() != 32 {
        return Err(String::from("a UUID has 32 hex digits"));
    }
    Ok(hex.to_ascii_lowercase())
}

// ---- ABI v2 plumbing: host imports, allocator, request/reply ----

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
