//! Elo ratings for a game: `POST /matches` with `{"winner", "loser"}` (or `"draw": true`)
//! updates both players' ratings (start 1500, K = 32, expected score 1 / (1 + 10^((Rb-Ra)/400))),
//! answering the new ratings rounded to integers; `GET /players/<name>` shows rating and games;
//! `GET /ranking` lists everyone by rating. Ratings are kept as fixed-point (x1000) integers so
//! repeated updates do not drift; at most 500 players.
//! smoke: {"request": {"method": "POST", "path": "/matches", "body": "{\"winner\":\"ann\",\"loser\":\"bob\"}"}, "status": 200, "body": "{\"ann\":1516,\"bob\":1484}"}
//! smoke: {"request": {"method": "POST", "path": "/matches", "body": "{\"winner\":\"ann\",\"loser\":\"bob\"}"}, "status": 200, "body": "{\"ann\":1531,\"bob\":1469}"}
//! smoke: {"request": {"method": "POST", "path": "/matches", "body": "{\"winner\":\"bob\",\"loser\":\"cy\",\"draw\":true}"}, "status": 200, "body": "{\"bob\":1471,\"cy\":1499}"}
//! smoke: {"request": {"path": "/players/ann"}, "status": 200, "body": "{\"player\":\"ann\",\"rating\":1531,\"games\":2}"}
//! smoke: {"request": {"path": "/ranking"}, "status": 200, "body": "[{\"player\":\"ann\",\"rating\":1531},{\"player\":\"cy\",\"rating\":1499},{\"player\":\"bob\",\"rating\":1471}]"}
//! smoke: {"request": {"method": "POST", "path": "/matches", "body": "{\"winner\":\"ann\",\"loser\":\"ann\"}"}, "status": 422, "body": "{\"error\":\"winner and loser must be two different names of 1-24 characters [a-z0-9_]\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

const K: f64 = 32.0;
const START: i64 = 1_500_000;

/// 10^x for the small exponents Elo needs (|x| <= 10), by exp(x ln 10) as a Taylor series.
fn pow10(x: f64) -> f64 {
    let y = x * core::f64::consts::LN_10;
    // exp(y) = exp(y / 32)^32 keeps the series short and accurate.
    let z = y / 32.0;
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 1..20 {
        term *= z / n as f64;
        sum += term;
    }
    (0..5).fold(sum, |s, _| s * s)
}

/// Players as lines `name rating_milli games`.
fn load_players() -> Vec<(String, i64, u32)> {
    load("players")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut f = l.split(' ');
            Some((
                String::from(f.next()?),
                f.next()?.parse().ok()?,
                f.next()?.parse().ok()?,
            ))
        })
        .collect()
}

fn rounded(milli: i64) -> i64 {
    (milli + 500).div_euclid(1000)
}

fn handle(req: &Request) -> Reply {
    let path = split_path(&req.path).0;
    let mut players = load_players();
    match (req.method.as_str(), path) {
        ("GET", "/ranking") => {
            players.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let rows: Vec<String> = players
                .iter()
                .map(|(n, r, _)| format!("{{\"player\":\"{n}\",\"rating\":{}}}", rounded(*r)))
                .collect();
            Reply::json(200, format!("[{}]", rows.join(",")))
        }
        ("GET", p) if p.starts_with("/players/") => {
            match players.iter().find(|(n, _, _)| n == &p[9..]) {
                Some((n, r, g)) => Reply::json(
                    200,
                    format!(
                        "{{\"player\":\"{n}\",\"rating\":{},\"games\":{g}}}",
                        rounded(*r)
                    ),
                ),
                None => Reply::error(404, "no such player"),
            }
        }
        ("POST", "/matches") => {
            let (mut winner, mut loser, mut draw) = (None, None, false);
            let parsed = Json::new(&req.body).object(|key, json| {
                match key {
                    "winner" => winner = Some(json.string()?),
                    "loser" => loser = Some(json.string()?),
                    "draw" => draw = json.boolean()?,
                    _ => json.skip()?,
                }
                Some(())
            });
            let name_ok = |n: &String| {
                (1..=24).contains(&n.len())
                    && n.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            };
            let (Some(a), Some(b)) = (winner.filter(name_ok), loser.filter(name_ok)) else {
                return Reply::error(
                    422,
                    "winner and loser must be two different names of 1-24 characters [a-z0-9_]",
                );
            };
            if a == b || parsed.is_none() {
                return Reply::error(
                    422,
                    "winner and loser must be two different names of 1-24 characters [a-z0-9_]",
                );
            }
            for name in [&a, &b] {
                if !players.iter().any(|(n, _, _)| n == name) {
                    if players.len() >= 500 {
                        return Reply::error(507, "player limit reached");
                    }
                    players.push((name.clone(), START, 0));
                }
            }
            let rating = |players: &[(String, i64, u32)], name: &str| {
                players
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map_or(START, |p| p.1)
            };
            let (ra, rb) = (
                rating(&players, &a) as f64 / 1000.0,
                rating(&players, &b) as f64 / 1000.0,
            );
            let expected_a = 1.0 / (1.0 + pow10((rb - ra) / 400.0));
            let score_a = if draw { 0.5 } else { 1.0 };
            // Zero-sum: what one gains the other loses (in milli-points, rounded once).
            let delta = (K * (score_a - expected_a) * 1000.0
                + if score_a >= expected_a { 0.5 } else { -0.5 }) as i64;
            for (name, change) in [(&a, delta), (&b, -delta)] {
                if let Some(p) = players.iter_mut().find(|(n, _, _)| n == name) {
                    p.1 += change;
                    p.2 += 1;
                }
            }
            let text: String = players
                .iter()
                .map(|(n, r, g)| format!("{n} {r} {g}\n"))
                .collect();
            if !store("players", &text) {
                return Reply::error(507, "storage full");
            }
            Reply::json(
                200,
                format!(
                    "{{\"{a}\":{},\"{b}\":{}}}",
                    rounded(rating(&players, &a)),
                    rounded(rating(&players, &b))
                ),
            )
        }
        (_, "/matches" | "/ranking") => Reply::error(405, "POST /matches, GET /ranking"),
        _ => Reply::error(
            404,
            "routes: POST /matches, GET /players/<name>, GET /ranking",
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
