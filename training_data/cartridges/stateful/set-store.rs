//! Named sets of strings with set algebra: `POST /sets/<name>/add` and `/remove` take a JSON
//! array of members (1-64 characters each) and answer how many changed; `GET /sets/<name>`
//! lists members sorted; `GET /sets/<name>/has/<member>`;
//! `GET /ops/union|intersection|difference?a=x&b=y` combines two sets. Members are kept sorted in one value, so membership is a binary search;
//! at most 2000 members per set.
//! smoke: {"request": {"method": "POST", "path": "/sets/team-a/add", "body": "[\"ann\",\"bob\",\"cy\",\"bob\"]"}, "status": 200, "body": "{\"set\":\"team-a\",\"changed\":3,\"size\":3}"}
//! smoke: {"request": {"method": "POST", "path": "/sets/team-b/add", "body": "[\"cy\",\"dee\"]"}, "status": 200, "body": "{\"set\":\"team-b\",\"changed\":2,\"size\":2}"}
//! smoke: {"request": {"path": "/ops/intersection?a=team-a&b=team-b"}, "status": 200, "body": "[\"cy\"]"}
//! smoke: {"request": {"path": "/ops/difference?a=team-a&b=team-b"}, "status": 200, "body": "[\"ann\",\"bob\"]"}
//! smoke: {"request": {"path": "/ops/union?a=team-a&b=team-b"}, "status": 200, "body": "[\"ann\",\"bob\",\"cy\",\"dee\"]"}
//! smoke: {"request": {"method": "POST", "path": "/sets/team-a/remove", "body": "[\"bob\",\"zed\"]"}, "status": 200, "body": "{\"set\":\"team-a\",\"changed\":1,\"size\":2}"}
//! smoke: {"request": {"path": "/sets/team-a/has/bob"}, "status": 200, "body": "{\"member\":\"bob\",\"present\":false}"}
//! smoke: {"request": {"path": "/ops/xor?a=team-a&b=team-b"}, "status": 404, "body": "{\"error\":\"ops: union, intersection, difference\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

const MAX_MEMBERS: usize = 2000;

fn name_ok(n: &str) -> bool {
    (1..=32).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Members as sorted lines.
fn members(name: &str) -> Vec<String> {
    load(&format!("set:{name}"))
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

fn json_list(items: &[&String]) -> String {
    let quoted: Vec<String> = items.iter().map(|m| quote(m)).collect();
    format!("[{}]", quoted.join(","))
}

fn handle(req: &Request) -> Reply {
    let (path, query) = split_path(&req.path);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (req.method.as_str(), &parts[..]) {
        ("GET", ["ops", op]) => {
            let (Some(a), Some(b)) = (
                param(query, "a").filter(|n| name_ok(n)),
                param(query, "b").filter(|n| name_ok(n)),
            ) else {
                return Reply::error(400, "a and b must name sets");
            };
            let (a, b) = (members(&a), members(&b));
            let has = |set: &Vec<String>, m: &String| set.binary_search(m).is_ok();
            let mut out: Vec<&String> = match *op {
                "union" => a.iter().chain(b.iter().filter(|m| !has(&a, m))).collect(),
                "intersection" => a.iter().filter(|m| has(&b, m)).collect(),
                "difference" => a.iter().filter(|m| !has(&b, m)).collect(),
                _ => return Reply::error(404, "ops: union, intersection, difference"),
            };
            out.sort();
            Reply::json(200, json_list(&out))
        }
        ("GET", ["sets", name]) if name_ok(name) => {
            Reply::json(200, json_list(&members(name).iter().collect::<Vec<_>>()))
        }
        ("GET", ["sets", name, "has", member]) if name_ok(name) => {
            let member = percent_decode(member).unwrap_or_default();
            let present = members(name).binary_search(&member).is_ok();
            Reply::json(
                200,
                format!("{{\"member\":{},\"present\":{present}}}", quote(&member)),
            )
        }
        ("POST", ["sets", name, op @ ("add" | "remove")]) if name_ok(name) => {
            let mut items = Vec::new();
            let mut json = Json::new(&req.body);
            let ok = json.array(|json| {
                items.push(json.string().filter(|m| {
                    (1..=64).contains(&m.chars().count()) && !m.contains(['\n', '\r'])
                })?);
                (items.len() <= 500).then_some(())
            });
            if ok.is_none() || !json.end() {
                return Reply::error(
                    422,
                    "body must be a JSON array of up to 500 members of 1-64 characters",
                );
            }
            let mut set = members(name);
            let mut changed = 0;
            for item in items {
                match (set.binary_search(&item), *op) {
                    (Err(i), "add") => {
                        set.insert(i, item);
                        changed += 1;
                    }
                    (Ok(i), "remove") => {
                        set.remove(i);
                        changed += 1;
                    }
                    _ => {}
                }
            }
            if set.len() > MAX_MEMBERS {
                return Reply::error(507, "a set holds at most 2000 members");
            }
            let text: String = set.iter().map(|m| format!("{m}\n")).collect();
            if changed > 0 && !store(&format!("set:{name}"), &text) {
                return Reply::error(507, "storage full");
            }
            Reply::json(
                200,
                format!(
                    "{{\"set\":\"{name}\",\"changed\":{changed},\"size\":{}}}",
                    set.len()
                ),
            )
        }
        _ => Reply::error(
            404,
            "routes: GET|POST /sets/<name>[/add|/remove|/has/<m>], GET /ops/<op>?a=&b=",
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

    /// True when only whitespace is left.
    fn end(&mut self) -> bool {
        self.peek().is_none()
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
