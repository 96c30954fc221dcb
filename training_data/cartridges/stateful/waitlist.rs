//! A waitlist with positions: `POST /join` with `{"email"}` adds someone (409 if already
//! waiting) and answers their position; `GET /position?email=` answers it (people ahead + 1);
//! `POST /admit?count=N` (1-10) admits the N people at the front and answers who (operator only:
//! the first `POST /setup` with a 16-128 character token body sets the operator token, then
//! `/admit` needs `Authorization: Bearer <token>`); `POST /leave`
//! with `{"email"}` removes someone. Emails are lower-cased; at most 1000 people wait.
//! smoke: {"request": {"method": "POST", "path": "/join", "body": "{\"email\":\"Ada@Example.com\"}"}, "status": 201, "body": "{\"email\":\"ada@example.com\",\"position\":1}"}
//! smoke: {"request": {"method": "POST", "path": "/join", "body": "{\"email\":\"bob@example.com\"}"}, "status": 201, "body": "{\"email\":\"bob@example.com\",\"position\":2}"}
//! smoke: {"request": {"method": "POST", "path": "/join", "body": "{\"email\":\"cy@example.com\"}"}, "status": 201, "body": "{\"email\":\"cy@example.com\",\"position\":3}"}
//! smoke: {"request": {"method": "POST", "path": "/join", "body": "{\"email\":\"ADA@example.com\"}"}, "status": 409, "body": "{\"error\":\"already waiting at position 1\"}"}
//! smoke: {"request": {"method": "POST", "path": "/leave", "body": "{\"email\":\"bob@example.com\"}"}, "status": 200, "body": "{\"left\":\"bob@example.com\",\"waiting\":2}"}
//! smoke: {"request": {"path": "/position?email=cy%40example.com"}, "status": 200, "body": "{\"email\":\"cy@example.com\",\"position\":2}"}
//! smoke: {"request": {"method": "POST", "path": "/admit?count=1"}, "status": 401, "body": "{\"error\":\"operator token required\"}"}
//! smoke: {"request": {"method": "POST", "path": "/setup", "body": "operator-token-4f9a2c"}, "status": 201, "body": "{\"operator\":true}"}
//! smoke: {"request": {"method": "POST", "path": "/setup", "body": "attacker-token-000000"}, "status": 409, "body": "{\"error\":\"the operator token is already set\"}"}
//! smoke: {"request": {"method": "POST", "path": "/admit?count=1", "headers": {"authorization": "Bearer operator-token-4f9a2c"}}, "status": 200, "body": "{\"admitted\":[\"ada@example.com\"],\"waiting\":1}"}
//! smoke: {"request": {"path": "/position?email=ada%40example.com"}, "status": 404, "body": "{\"error\":\"not on the waitlist\"}"}
//! smoke: {"request": {"method": "POST", "path": "/join", "body": "{\"email\":\"not-an-email\"}"}, "status": 422, "body": "{\"error\":\"email must look like name@domain\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

const MAX_WAITING: usize = 1000;

fn email_field(body: &str) -> Option<String> {
    let mut email = None;
    Json::new(body).object(|key, json| {
        if key == "email" {
            email = Some(json.string()?);
            Some(())
        } else {
            json.skip()
        }
    })?;
    let email = email?.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && email.len() <= 254
        && !email.contains(char::is_whitespace);
    ok.then_some(email)
}

fn handle(req: &Request) -> Reply {
    let (path, query) = split_path(&req.path);
    let list = load("waitlist").unwrap_or_default();
    let mut people: Vec<&str> = list.lines().collect();
    let save = |people: &[&str]| {
        store(
            "waitlist",
            &people.iter().map(|p| format!("{p}\n")).collect::<String>(),
        )
    };
    match (req.method.as_str(), path) {
        ("POST", "/join") => {
            let Some(email) = email_field(&req.body) else {
                return Reply::error(422, "email must look like name@domain");
            };
            if let Some(i) = people.iter().position(|p| *p == email) {
                return Reply::error(409, &format!("already waiting at position {}", i + 1));
            }
            if people.len() >= MAX_WAITING {
                return Reply::error(507, "the waitlist is full");
            }
            people.push(&email);
            if !save(&people) {
                return Reply::error(507, "storage full");
            }
            Reply::json(
                201,
                format!(
                    "{{\"email\":{},\"position\":{}}}",
                    quote(&email),
                    people.len()
                ),
            )
        }
        ("POST", "/leave") => {
            let Some(email) = email_field(&req.body) else {
                return Reply::error(422, "email must look like name@domain");
            };
            let before = people.len();
            people.retain(|p| *p != email);
            if people.len() == before {
                return Reply::error(404, "not on the waitlist");
            }
            save(&people);
            Reply::json(
                200,
                format!(
                    "{{\"left\":{},\"waiting\":{}}}",
                    quote(&email),
                    people.len()
                ),
            )
        }
        ("GET", "/position") => {
            let email = param(query, "email").unwrap_or_default().to_lowercase();
            match people.iter().position(|p| *p == email) {
                Some(i) => Reply::json(
                    200,
                    format!("{{\"email\":{},\"position\":{}}}", quote(&email), i + 1),
                ),
                None => Reply::error(404, "not on the waitlist"),
            }
        }
        ("POST", "/setup") => {
            if load("operator").is_some() {
                return Reply::error(409, "the operator token is already set");
            }
            let token = req.body.trim();
            if !(16..=128).contains(&token.len()) || !token.bytes().all(|b| b.is_ascii_graphic()) {
                return Reply::error(422, "the token must be 16-128 printable ASCII characters");
            }
            if !store("operator", token) {
                return Reply::error(507, "storage full");
            }
            Reply::json(201, String::from("{\"operator\":true}"))
        }
        ("POST", "/admit") => {
            let token = load("operator").unwrap_or_default();
            let given = req
                .header("authorization")
                .and_then(|h| h.strip_prefix("Bearer "))
                .unwrap_or_default();
            // Constant time, and an unset token never matches.
            let diff = given
                .bytes()
                .zip(token.bytes())
                .fold(0, |d, (a, b)| d | (a ^ b));
            if token.is_empty() || given.len() != token.len() || diff != 0 {
                return Reply::error(401, "operator token required");
            }
            let Some(count) = param(query, "count")
                .and_then(|c| c.parse::<usize>().ok())
                .filter(|c| (1..=10).contains(c))
            else {
                return Reply::error(400, "count must be 1-10");
            };
            let admitted: Vec<String> =
                people.drain(..count.min(people.len())).map(quote).collect();
            save(&people);
            Reply::json(
                200,
                format!(
                    "{{\"admitted\":[{}],\"waiting\":{}}}",
                    admitted.join(","),
                    people.len()
                ),
            )
        }
        (_, "/join" | "/leave" | "/admit" | "/setup" | "/position") => {
            Reply::error(405, "POST /join, /leave, /admit; GET /position")
        }
        _ => Reply::error(
            404,
            "routes: POST /join, POST /leave, POST /admit?count=, GET /position?email=",
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
