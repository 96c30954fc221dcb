//! Tagged bookmarks: `POST /bookmarks` with `{"url", "title", "tags": [...]}` saves one (up to 5
//! lower-case tags of `[a-z0-9-]`, the URL unique: saving it again replaces title and tags);
//! `GET /bookmarks?tag=a&tag=b` lists those carrying every given tag (all without a filter);
//! `GET /tags` counts bookmarks per tag, alphabetically. At most 300 bookmarks.
//! smoke: {"request": {"method": "POST", "path": "/bookmarks", "body": "{\"url\":\"https://doc.rust-lang.org\",\"title\":\"Rust docs\",\"tags\":[\"rust\",\"docs\"]}"}, "status": 201, "body": "{\"saved\":\"https://doc.rust-lang.org\",\"count\":1}"}
//! smoke: {"request": {"method": "POST", "path": "/bookmarks", "body": "{\"url\":\"https://webassembly.org\",\"title\":\"Wasm\",\"tags\":[\"wasm\",\"docs\"]}"}, "status": 201, "body": "{\"saved\":\"https://webassembly.org\",\"count\":2}"}
//! smoke: {"request": {"method": "POST", "path": "/bookmarks", "body": "{\"url\":\"https://doc.rust-lang.org\",\"title\":\"The Rust docs\",\"tags\":[\"rust\",\"docs\",\"wasm\"]}"}, "status": 200, "body": "{\"saved\":\"https://doc.rust-lang.org\",\"count\":2}"}
//! smoke: {"request": {"path": "/bookmarks?tag=wasm&tag=rust"}, "status": 200, "body": "[{\"url\":\"https://doc.rust-lang.org\",\"title\":\"The Rust docs\",\"tags\":[\"rust\",\"docs\",\"wasm\"]}]"}
//! smoke: {"request": {"path": "/tags"}, "status": 200, "body": "{\"docs\":2,\"rust\":1,\"wasm\":2}"}
//! smoke: {"request": {"method": "POST", "path": "/bookmarks", "body": "{\"url\":\"https://x.org\",\"title\":\"X\",\"tags\":[\"Bad Tag\"]}"}, "status": 422, "body": "{\"error\":\"up to 5 tags of 1-24 characters [a-z0-9-]\"}"}
#![no_std]
extern crate alloc;

use alloc::{collections::BTreeMap, format, string::String, vec::Vec};

const MAX_BOOKMARKS: usize = 300;

struct Bookmark {
    url: String,
    title: String,
    tags: Vec<String>,
}

impl Bookmark {
    /// One line: `url<TAB>title<TAB>tag,tag`.
    fn parse(line: &str) -> Option<Bookmark> {
        let mut f = line.split('\t');
        let (url, title, tags) = (f.next()?, f.next()?, f.next()?);
        let tags = tags
            .split(',')
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        Some(Bookmark {
            url: String::from(url),
            title: String::from(title),
            tags,
        })
    }

    fn line(&self) -> String {
        format!("{}\t{}\t{}\n", self.url, self.title, self.tags.join(","))
    }

    fn to_json(&self) -> String {
        let tags: Vec<String> = self.tags.iter().map(|t| format!("\"{t}\"")).collect();
        format!(
            "{{\"url\":{},\"title\":{},\"tags\":[{}]}}",
            quote(&self.url),
            quote(&self.title),
            tags.join(",")
        )
    }
}

fn handle(req: &Request) -> Reply {
    let (path, query) = split_path(&req.path);
    let mut all: Vec<Bookmark> = load("bookmarks")
        .unwrap_or_default()
        .lines()
        .filter_map(Bookmark::parse)
        .collect();
    match (req.method.as_str(), path) {
        ("GET", "/bookmarks") => {
            let wanted: Vec<String> = query
                .split('&')
                .filter_map(|p| p.strip_prefix("tag="))
                .filter_map(percent_decode)
                .collect();
            let hits: Vec<String> = all
                .iter()
                .filter(|b| wanted.iter().all(|t| b.tags.contains(t)))
                .map(Bookmark::to_json)
                .collect();
            Reply::json(200, format!("[{}]", hits.join(",")))
        }
        ("GET", "/tags") => {
            let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
            for tag in all.iter().flat_map(|b| &b.tags) {
                *counts.entry(tag).or_default() += 1;
            }
            let items: Vec<String> = counts.iter().map(|(t, n)| format!("\"{t}\":{n}")).collect();
            Reply::json(200, format!("{{{}}}", items.join(",")))
        }
        ("POST", "/bookmarks") => {
            let (mut url, mut title, mut tags) = (None, None, Vec::new());
            let parsed = Json::new(&req.body).object(|key, json| {
                match key {
                    "url" => url = Some(json.string()?),
                    "title" => title = Some(json.string()?),
                    "tags" => json.array(|json| {
                        tags.push(json.string()?);
                        Some(())
                    })?,
                    _ => json.skip()?,
                }
                Some(())
            });
            let clean = |s: &String, max: usize| {
                (1..=max).contains(&s.chars().count()) && !s.chars().any(char::is_control)
            };
            let (Some(url), Some(title)) = (
                url.filter(|u| parsed.is_some() && clean(u, 2048) && u.starts_with("http")),
                title.filter(|t| clean(t, 200)),
            ) else {
                return Reply::error(422, "need url (http...) and title (1-200 characters)");
            };
            let tag_ok = |t: &String| {
                (1..=24).contains(&t.len())
                    && t.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            };
            if tags.len() > 5 || !tags.iter().all(tag_ok) {
                return Reply::error(422, "up to 5 tags of 1-24 characters [a-z0-9-]");
            }
            tags.dedup();
            let bookmark = Bookmark {
                url: url.clone(),
                title,
                tags,
            };
            let full = all.len() >= MAX_BOOKMARKS;
            let status = match all.iter_mut().find(|b| b.url == url) {
                Some(existing) => {
                    *existing = bookmark;
                    200
                }
                None if full => return Reply::error(507, "bookmark limit reached"),
                None => {
                    all.push(bookmark);
                    201
                }
            };
            let doc: String = all.iter().map(Bookmark::line).collect();
            if !store("bookmarks", &doc) {
                return Reply::error(507, "storage full");
            }
            Reply::json(
                status,
                format!("{{\"saved\":{},\"count\":{}}}", quote(&url), all.len()),
            )
        }
        (_, "/bookmarks" | "/tags") => Reply::error(405, "GET /bookmarks, /tags; POST /bookmarks"),
        _ => Reply::error(404, "routes: GET|POST /bookmarks, GET /tags"),
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
