//! Feature flags with percentage rollouts: `PUT /flags/<flag>` with `{"enabled": bool,
//! "percent": 0-100, "allow": ["user", ...]}` defines a flag (operator only: `Authorization:
//! Bearer <token>`, where the first `POST /setup` sets the token); `GET /flags/<flag>/<user>`
//! answers whether the flag is on for that user: off when disabled, on for allow-listed users,
//! otherwise on for a stable `percent` of users chosen by an FNV-1a hash of `flag:user` (the
//! same user always gets the same answer, and raising the percent only adds users).
//! smoke: {"request": {"method": "POST", "path": "/setup", "body": "flags-operator-token-1"}, "status": 201, "body": "{\"operator\":true}"}
//! smoke: {"request": {"method": "PUT", "path": "/flags/new-ui", "body": "{\"enabled\":true,\"percent\":50,\"allow\":[\"qa-team\"]}"}, "status": 401, "body": "{\"error\":\"operator token required\"}"}
//! smoke: {"request": {"method": "PUT", "path": "/flags/new-ui", "body": "{\"enabled\":true,\"percent\":50,\"allow\":[\"qa-team\"]}", "headers": {"authorization": "Bearer flags-operator-token-1"}}, "status": 200, "body": "{\"flag\":\"new-ui\",\"enabled\":true,\"percent\":50,\"allow\":[\"qa-team\"]}"}
//! smoke: {"request": {"path": "/flags/new-ui/qa-team"}, "status": 200, "body": "{\"flag\":\"new-ui\",\"user\":\"qa-team\",\"on\":true,\"reason\":\"allow-list\"}"}
//! smoke: {"request": {"path": "/flags/new-ui/user-1"}, "status": 200, "like": "{\"flag\":\"new-ui\",\"user\":\"user-1\",\"on\":*,\"reason\":\"rollout bucket *\"}"}
//! smoke: {"request": {"path": "/flags/missing/user-1"}, "status": 200, "body": "{\"flag\":\"missing\",\"user\":\"user-1\",\"on\":false,\"reason\":\"undefined\"}"}
//! smoke: {"request": {"method": "PUT", "path": "/flags/new-ui", "body": "{\"enabled\":true,\"percent\":101}", "headers": {"authorization": "Bearer flags-operator-token-1"}}, "status": 422, "body": "{\"error\":\"body: enabled (bool), percent (integer 0-100), optional allow (up to 50 ids)\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

fn bucket(flag: &str, user: &str) -> u64 {
    let h = format!("{flag}:{user}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    h % 100
}

fn is_operator(req: &Request) -> bool {
    let token = load("operator").unwrap_or_default();
    let given = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or_default();
    let diff = given
        .bytes()
        .zip(token.bytes())
        .fold(0, |d, (a, b)| d | (a ^ b));
    !token.is_empty() && given.len() == token.len() && diff == 0
}

fn valid_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

fn handle(req: &Request) -> Reply {
    let path = split_path(&req.path).0;
    if path == "/setup" && req.method == "POST" {
        if load("operator").is_some() {
            return Reply::error(409, "the operator token is already set");
        }
        let token = req.body.trim();
        if !(16..=128).contains(&token.len()) || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Reply::error(422, "the token must be 16-128 printable ASCII characters");
        }
        return if store("operator", token) {
            Reply::json(201, String::from("{\"operator\":true}"))
        } else {
            Reply::error(507, "storage full")
        };
    }
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (req.method.as_str(), &parts[..]) {
        ("PUT", ["flags", flag]) if valid_id(flag) => {
            if !is_operator(req) {
                return Reply::error(401, "operator token required");
            }
            let (mut enabled, mut percent, mut allow, mut bad) = (None, None, Vec::new(), false);
            let parsed = Json::new(&req.body).object(|key, json| {
                match key {
                    "enabled" => enabled = json.boolean(),
                    "percent" => {
                        percent = json
                            .number()
                            .filter(|p| (0.0..=100.0).contains(p) && *p as u8 as f64 == *p)
                    }
                    "allow" => json.array(|json| {
                        let id = json.string()?;
                        bad |= !valid_id(&id) || allow.len() >= 50;
                        allow.push(id);
                        Some(())
                    })?,
                    _ => json.skip()?,
                }
                Some(())
            });
            let (Some(enabled), Some(percent), Some(()), false) = (enabled, percent, parsed, bad)
            else {
                return Reply::error(
                    422,
                    "body: enabled (bool), percent (integer 0-100), optional allow (up to 50 ids)",
                );
            };
            let allow: Vec<String> = allow.iter().map(|a| format!("\"{a}\"")).collect();
            let doc = format!("{{\"flag\":\"{flag}\",\"enabled\":{enabled},\"percent\":{percent},\"allow\":[{}]}}", allow.join(","));
            if !store(&format!("flag:{flag}"), &doc) {
                return Reply::error(507, "storage full");
            }
            Reply::json(200, doc)
        }
        ("GET", ["flags", flag, user]) if valid_id(flag) && valid_id(user) => {
            let answer = |on: bool, reason: &str| {
                Reply::json(200, format!("{{\"flag\":\"{flag}\",\"user\":\"{user}\",\"on\":{on},\"reason\":\"{reason}\"}}"))
            };
            let Some(doc) = load(&format!("flag:{flag}")) else {
                return answer(false, "undefined");
            };
            let (mut enabled, mut percent, mut allowed) = (false, 0.0, false);
            Json::new(&doc).object(|key, json| {
                match key {
                    "enabled" => enabled = json.boolean()?,
                    "percent" => percent = json.number()?,
                    "allow" => json.array(|json| {
                        allowed |= json.string()? == *user;
                        Some(())
                    })?,
                    _ => json.skip()?,
                }
                Some(())
            });
            if !enabled {
                return answer(false, "disabled");
            }
            if allowed {
                return answer(true, "allow-list");
            }
            let b = bucket(flag, user);
            answer((b as f64) < percent, &format!("rollout bucket {b}"))
        }
        (_, ["flags", _] | ["flags", _, _]) => {
            Reply::error(405, "PUT /flags/<flag>, GET /flags/<flag>/<user>")
        }
        _ => Reply::error(
            404,
            "routes: POST /setup, PUT /flags/<flag>, GET /flags/<flag>/<user>",
        ),
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

    /// `true` or `false`; `None` (nothing consumed) for anything else.
    fn boolean(&mut self) -> Option<bool> {
        self.peek()?;
        for (word, value) in [("true", true), ("false", false)] {
            if self.s[self.i..].starts_with(word.as_bytes()) {
                self.i += word.len();
                return Some(value);
            }
        }
        None
    }
}
