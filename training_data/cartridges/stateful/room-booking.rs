//! Meeting-room bookings without double booking: `POST /rooms/<room>/bookings` with
//! `{"who", "date": "YYYY-MM-DD", "start": "HH:MM", "end": "HH:MM"}` books a slot (quarter
//! hours between 08:00 and 20:00) unless it overlaps an existing booking (409 naming it);
//! `GET /rooms/<room>?date=...` lists that day's bookings by start time;
//! `DELETE /rooms/<room>/bookings/<id>` cancels. Rooms: `a`, `b`, `boardroom`.
//! smoke: {"request": {"method": "POST", "path": "/rooms/a/bookings", "body": "{\"who\":\"ada\",\"date\":\"2025-03-10\",\"start\":\"09:00\",\"end\":\"10:30\"}"}, "status": 201, "body": "{\"id\":1,\"room\":\"a\",\"date\":\"2025-03-10\",\"start\":\"09:00\",\"end\":\"10:30\",\"who\":\"ada\"}"}
//! smoke: {"request": {"method": "POST", "path": "/rooms/a/bookings", "body": "{\"who\":\"bob\",\"date\":\"2025-03-10\",\"start\":\"10:00\",\"end\":\"11:00\"}"}, "status": 409, "body": "{\"error\":\"overlaps booking 1 (09:00-10:30)\"}"}
//! smoke: {"request": {"method": "POST", "path": "/rooms/a/bookings", "body": "{\"who\":\"bob\",\"date\":\"2025-03-10\",\"start\":\"10:30\",\"end\":\"11:00\"}"}, "status": 201, "body": "{\"id\":2,\"room\":\"a\",\"date\":\"2025-03-10\",\"start\":\"10:30\",\"end\":\"11:00\",\"who\":\"bob\"}"}
//! smoke: {"request": {"method": "POST", "path": "/rooms/a/bookings", "body": "{\"who\":\"cy\",\"date\":\"2025-03-10\",\"start\":\"08:00\",\"end\":\"08:45\"}"}, "status": 201, "body": "{\"id\":3,\"room\":\"a\",\"date\":\"2025-03-10\",\"start\":\"08:00\",\"end\":\"08:45\",\"who\":\"cy\"}"}
//! smoke: {"request": {"method": "DELETE", "path": "/rooms/a/bookings/1"}, "status": 200, "body": "{\"cancelled\":1}"}
//! smoke: {"request": {"path": "/rooms/a?date=2025-03-10"}, "status": 200, "body": "[{\"id\":3,\"start\":\"08:00\",\"end\":\"08:45\",\"who\":\"cy\"},{\"id\":2,\"start\":\"10:30\",\"end\":\"11:00\",\"who\":\"bob\"}]"}
//! smoke: {"request": {"method": "POST", "path": "/rooms/a/bookings", "body": "{\"who\":\"dee\",\"date\":\"2025-03-10\",\"start\":\"19:00\",\"end\":\"21:00\"}"}, "status": 422, "body": "{\"error\":\"start and end must be quarter hours within 08:00-20:00, start before end\"}"}
//! smoke: {"request": {"path": "/rooms/attic?date=2025-03-10"}, "status": 404, "body": "{\"error\":\"rooms: a, b, boardroom\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

const ROOMS: [&str; 3] = ["a", "b", "boardroom"];

/// Minutes since midnight of `HH:MM`.
fn minutes(t: &str) -> Option<u32> {
    let (h, m) = t.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A day's bookings of a room: lines `id start end who` (minutes).
fn day(room: &str, date: &str) -> Vec<(u64, u32, u32, String)> {
    load(&format!("day:{room}:{date}"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut f = l.splitn(4, ' ');
            Some((
                f.next()?.parse().ok()?,
                f.next()?.parse().ok()?,
                f.next()?.parse().ok()?,
                String::from(f.next()?),
            ))
        })
        .collect()
}

fn day_text(bookings: &[(u64, u32, u32, String)]) -> String {
    bookings
        .iter()
        .map(|(id, s, e, who)| format!("{id} {s} {e} {who}\n"))
        .collect()
}

fn handle(req: &Request) -> Reply {
    let (path, query) = split_path(&req.path);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (room, rest) = match parts[..] {
        ["rooms", room, ref rest @ ..] => (room, rest),
        _ => return Reply::error(404, "routes: GET /rooms/<room>?date=, POST /rooms/<room>/bookings, DELETE /rooms/<room>/bookings/<id>"),
    };
    if !ROOMS.contains(&room) {
        return Reply::error(404, "rooms: a, b, boardroom");
    }
    match (req.method.as_str(), rest) {
        ("GET", []) => {
            let Some(date) = param(query, "date").filter(|d| valid_date(d)) else {
                return Reply::error(400, "date=YYYY-MM-DD is required");
            };
            let mut bookings = day(room, &date);
            bookings.sort_by_key(|b| b.1);
            let items: Vec<String> = bookings
                .iter()
                .map(|(id, s, e, who)| {
                    format!(
                        "{{\"id\":{id},\"start\":\"{}\",\"end\":\"{}\",\"who\":{}}}",
                        hhmm(*s),
                        hhmm(*e),
                        quote(who)
                    )
                })
                .collect();
            Reply::json(200, format!("[{}]", items.join(",")))
        }
        ("POST", ["bookings"]) => {
            let mut f: [Option<String>; 4] = Default::default();
            let parsed = Json::new(&req.body).object(|key, json| {
                match ["who", "date", "start", "end"]
                    .iter()
                    .position(|k| *k == key)
                {
                    Some(i) => f[i] = Some(json.string()?),
                    None => json.skip()?,
                }
                Some(())
            });
            let [Some(who), Some(date), Some(start), Some(end)] = f else {
                return Reply::error(422, "body needs who, date, start and end");
            };
            if parsed.is_none()
                || !valid_date(&date)
                || !(1..=40).contains(&who.chars().count())
                || who.contains(['\n', ' '])
            {
                return Reply::error(
                    422,
                    "who is 1-40 characters without spaces; date is YYYY-MM-DD",
                );
            }
            let (Some(s), Some(e)) = (minutes(&start), minutes(&end)) else {
                return Reply::error(
                    422,
                    "start and end must be quarter hours within 08:00-20:00, start before end",
                );
            };
            if s % 15 != 0 || e % 15 != 0 || s < 8 * 60 || e > 20 * 60 || s >= e {
                return Reply::error(
                    422,
                    "start and end must be quarter hours within 08:00-20:00, start before end",
                );
            }
            let mut bookings = day(room, &date);
            // Half-open intervals [s, e) overlap when each starts before the other ends.
            if let Some((id, bs, be, _)) = bookings.iter().find(|(_, bs, be, _)| s < *be && *bs < e)
            {
                return Reply::error(
                    409,
                    &format!("overlaps booking {id} ({}-{})", hhmm(*bs), hhmm(*be)),
                );
            }
            let id: u64 = load("next_id").and_then(|n| n.parse().ok()).unwrap_or(1);
            bookings.push((id, s, e, who.clone()));
            let (day_key, where_key) = (format!("day:{room}:{date}"), format!("booking:{id}"));
            if !store_all(&[
                (&day_key, &day_text(&bookings)),
                (&where_key, &date),
                ("next_id", &format!("{}", id + 1)),
            ]) {
                return Reply::error(507, "storage full");
            }
            Reply::json(
                201,
                format!("{{\"id\":{id},\"room\":\"{room}\",\"date\":\"{date}\",\"start\":\"{start}\",\"end\":\"{end}\",\"who\":{}}}", quote(&who)),
            )
        }
        ("DELETE", ["bookings", id]) => {
            let Some(id) = id.parse::<u64>().ok() else {
                return Reply::error(404, "no such booking");
            };
            let date = load(&format!("booking:{id}")).unwrap_or_default();
            let mut bookings = day(room, &date);
            let before = bookings.len();
            bookings.retain(|b| b.0 != id);
            if date.is_empty() || bookings.len() == before {
                return Reply::error(404, "no such booking");
            }
            store(&format!("day:{room}:{date}"), &day_text(&bookings));
            Reply::json(200, format!("{{\"cancelled\":{id}}}"))
        }
        _ => Reply::error(405, "GET a room's day, POST a booking, DELETE a booking"),
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
