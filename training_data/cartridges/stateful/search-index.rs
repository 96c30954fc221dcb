//! A tiny full-text search engine: `PUT /docs/<id>` indexes the body text (up to 8 KiB) under a
//! document id, replacing any earlier version; `GET /search?q=rust+wasm` answers the distinct
//! query words (sorted) and the ids of documents containing all of them, ranked by total term
//! frequency; `DELETE /docs/<id>` removes a document from the index. Words are lower-cased alphanumeric runs of 2-32
//! characters. The index keeps one posting list (`id:count` pairs) per word; at most 200 docs.
//! smoke: {"request": {"method": "PUT", "path": "/docs/a", "body": "Rust compiles to WebAssembly. Rust is fast."}, "status": 200, "body": "{\"id\":\"a\",\"words\":7}"}
//! smoke: {"request": {"method": "PUT", "path": "/docs/b", "body": "WebAssembly runs in browsers and servers"}, "status": 200, "body": "{\"id\":\"b\",\"words\":6}"}
//! smoke: {"request": {"method": "PUT", "path": "/docs/c", "body": "Rust on servers"}, "status": 200, "body": "{\"id\":\"c\",\"words\":3}"}
//! smoke: {"request": {"path": "/search?q=rust"}, "status": 200, "body": "{\"query\":[\"rust\"],\"hits\":[{\"id\":\"a\",\"score\":2},{\"id\":\"c\",\"score\":1}]}"}
//! smoke: {"request": {"path": "/search?q=WebAssembly+servers"}, "status": 200, "body": "{\"query\":[\"servers\",\"webassembly\"],\"hits\":[{\"id\":\"b\",\"score\":2}]}"}
//! smoke: {"request": {"method": "DELETE", "path": "/docs/a"}, "status": 200, "body": "{\"deleted\":\"a\"}"}
//! smoke: {"request": {"path": "/search?q=rust"}, "status": 200, "body": "{\"query\":[\"rust\"],\"hits\":[{\"id\":\"c\",\"score\":1}]}"}
//! smoke: {"request": {"path": "/search?q=%21%21"}, "status": 422, "body": "{\"error\":\"the query has no words\"}"}
#![no_std]
extern crate alloc;

use alloc::{collections::BTreeMap, format, string::String, vec::Vec};

const MAX_DOCS: usize = 200;

/// Term frequencies of a text.
fn terms(text: &str) -> BTreeMap<String, u32> {
    let mut tf = BTreeMap::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| (2..=32).contains(&w.chars().count()))
    {
        *tf.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    tf
}

/// A posting list: `doc:count` pairs separated by spaces.
fn postings(word: &str) -> Vec<(String, u32)> {
    load(&format!("word:{word}"))
        .unwrap_or_default()
        .split(' ')
        .filter_map(|p| {
            p.rsplit_once(':')
                .and_then(|(d, c)| Some((String::from(d), c.parse().ok()?)))
        })
        .collect()
}

fn save_postings(word: &str, list: &[(String, u32)]) -> bool {
    let text: Vec<String> = list.iter().map(|(d, c)| format!("{d}:{c}")).collect();
    store(&format!("word:{word}"), &text.join(" "))
}

/// Removes `id` from the postings of every word it was indexed under.
fn unindex(id: &str) {
    for word in load(&format!("doc:{id}"))
        .unwrap_or_default()
        .split(' ')
        .filter(|w| !w.is_empty())
    {
        let mut list = postings(word);
        list.retain(|(d, _)| d != id);
        save_postings(word, &list);
    }
    store(&format!("doc:{id}"), "");
}

fn handle(req: &Request) -> Reply {
    let (path, query) = split_path(&req.path);
    if path == "/search" && req.method == "GET" {
        let words: Vec<String> = terms(&param(query, "q").unwrap_or_default())
            .into_keys()
            .collect();
        if words.is_empty() {
            return Reply::error(422, "the query has no words");
        }
        // Intersect the posting lists, summing counts.
        let mut scores: BTreeMap<String, u32> = postings(&words[0]).into_iter().collect();
        for word in &words[1..] {
            let list: BTreeMap<String, u32> = postings(word).into_iter().collect();
            scores = scores
                .into_iter()
                .filter_map(|(d, s)| Some((d.clone(), s + list.get(&d)?)))
                .collect();
        }
        let mut hits: Vec<(String, u32)> = scores.into_iter().collect();
        hits.sort_by_key(|h| core::cmp::Reverse(h.1));
        let hits: Vec<String> = hits
            .iter()
            .map(|(d, s)| format!("{{\"id\":\"{d}\",\"score\":{s}}}"))
            .collect();
        let q: Vec<String> = words.iter().map(|w| quote(w)).collect();
        return Reply::json(
            200,
            format!(
                "{{\"query\":[{}],\"hits\":[{}]}}",
                q.join(","),
                hits.join(",")
            ),
        );
    }
    let Some(id) = path.strip_prefix("/docs/").filter(|id| {
        (1..=40).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }) else {
        return Reply::error(
            404,
            "routes: PUT|DELETE /docs/<id> (1-40 characters [A-Za-z0-9-]), GET /search?q=",
        );
    };
    let docs = load("docs").unwrap_or_default();
    let known = docs.lines().any(|d| d == id);
    match req.method.as_str() {
        "PUT" => {
            if req.body.len() > 8192 {
                return Reply::error(413, "documents are at most 8 KiB");
            }
            if !known && docs.lines().count() >= MAX_DOCS {
                return Reply::error(507, "document limit reached");
            }
            unindex(id);
            let tf = terms(&req.body);
            for (word, count) in &tf {
                let mut list = postings(word);
                list.push((String::from(id), *count));
                if !save_postings(word, &list) {
                    // Half an index is worse than none: trap, discarding this request's writes.
                    core::arch::wasm32::unreachable();
                }
            }
            let words: Vec<&str> = tf.keys().map(String::as_str).collect();
            let docs = if known { docs } else { format!("{docs}{id}\n") };
            if !store_all(&[(&format!("doc:{id}"), &words.join(" ")), ("docs", &docs)]) {
                core::arch::wasm32::unreachable();
            }
            Reply::json(
                200,
                format!("{{\"id\":\"{id}\",\"words\":{}}}", tf.values().sum::<u32>()),
            )
        }
        "DELETE" if known => {
            unindex(id);
            let rest: String = docs
                .lines()
                .filter(|d| *d != id)
                .map(|d| format!("{d}\n"))
                .collect();
            store("docs", &rest);
            Reply::json(200, format!("{{\"deleted\":\"{id}\"}}"))
        }
        "DELETE" => Reply::error(404, &format!("no document {id}")),
        _ => Reply::error(405, "PUT or DELETE /docs/<id>"),
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
