//! A game leaderboard: `POST /score` with `{"player": "...", "score": N}` records a score
//! (a player keeps only their best; scores are integers 0-1000000000) and answers the player's
//! rank; `GET /top?n=10` lists the best players (ties: earlier score first), `GET /top.csv`
//! the whole board as `text/csv`; `GET /player/<name>` shows one player's best and rank. The board keeps at most 100 players: a score lower than
//! the 100th is not recorded.
//! smoke: {"request": {"method": "POST", "path": "/score", "body": "{\"player\":\"ada\",\"score\":120}"}, "status": 200, "body": "{\"player\":\"ada\",\"best\":120,\"rank\":1}"}
//! smoke: {"request": {"method": "POST", "path": "/score", "body": "{\"player\":\"bob\",\"score\":300}"}, "status": 200, "body": "{\"player\":\"bob\",\"best\":300,\"rank\":1}"}
//! smoke: {"request": {"method": "POST", "path": "/score", "body": "{\"player\":\"cy\",\"score\":120}"}, "status": 200, "body": "{\"player\":\"cy\",\"best\":120,\"rank\":3}"}
//! smoke: {"request": {"method": "POST", "path": "/score", "body": "{\"player\":\"bob\",\"score\":10}"}, "status": 200, "body": "{\"player\":\"bob\",\"best\":300,\"rank\":1}"}
//! smoke: {"request": {"path": "/top?n=2"}, "status": 200, "body": "[{\"rank\":1,\"player\":\"bob\",\"score\":300},{\"rank\":2,\"player\":\"ada\",\"score\":120}]"}
//! smoke: {"request": {"path": "/top.csv"}, "status": 200, "body": "rank,player,score\r\n1,bob,300\r\n2,ada,120\r\n3,cy,120\r\n", "content_type": "text/csv"}
//! smoke: {"request": {"path": "/player/cy"}, "status": 200, "body": "{\"player\":\"cy\",\"best\":120,\"rank\":3}"}
//! smoke: {"request": {"path": "/player/zed"}, "status": 404, "body": "{\"error\":\"no score for zed\"}"}
//! smoke: {"request": {"method": "POST", "path": "/score", "body": "{\"player\":\"eve\",\"score\":-5}"}, "status": 422, "body": "{\"error\":\"body must be {\\\"player\\\": 1-32 chars [a-z0-9_], \\\"score\\\": 0-1000000000}\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

const CAPACITY: usize = 100;

/// The board, best first; stored as lines `player score`.
fn load_board() -> Vec<(String, u64)> {
    load("board")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (p, s) = l.split_once(' ')?;
            Some((String::from(p), s.parse().ok()?))
        })
        .collect()
}

fn standing(board: &[(String, u64)], player: &str) -> Option<String> {
    let i = board.iter().position(|(p, _)| p == player)?;
    Some(format!(
        "{{\"player\":\"{player}\",\"best\":{},\"rank\":{}}}",
        board[i].1,
        i + 1
    ))
}

fn handle(req: &Request) -> Reply {
    let (path, query) = split_path(&req.path);
    let mut board = load_board();
    if let Some(player) = path.strip_prefix("/player/") {
        return match standing(&board, player) {
            Some(doc) => Reply::json(200, doc),
            None => Reply::error(404, &format!("no score for {player}")),
        };
    }
    match (req.method.as_str(), path) {
        ("GET", "/top.csv") => {
            let mut csv = String::from("rank,player,score\r\n");
            for (i, (p, s)) in board.iter().enumerate() {
                csv.push_str(&format!("{},{p},{s}\r\n", i + 1));
            }
            Reply {
                status: 200,
                body: csv,
                content_type: "text/csv",
            }
        }
        ("GET", "/top") => {
            let n = param(query, "n")
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(10)
                .clamp(1, CAPACITY);
            let rows: Vec<String> = board
                .iter()
                .take(n)
                .enumerate()
                .map(|(i, (p, s))| {
                    format!("{{\"rank\":{},\"player\":\"{p}\",\"score\":{s}}}", i + 1)
                })
                .collect();
            Reply::json(200, format!("[{}]", rows.join(",")))
        }
        ("POST", "/score") => {
            let (mut player, mut score) = (None, None);
            let parsed = Json::new(&req.body).object(|key, json| {
                match key {
                    "player" => player = Some(json.string()?),
                    "score" => score = Some(json.number()?),
                    _ => json.skip()?,
                }
                Some(())
            });
            let player = player.filter(|p| {
                (1..=32).contains(&p.len())
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            });
            let score = score
                .filter(|s| (0.0..=1e9).contains(s) && *s as u64 as f64 == *s)
                .map(|s| s as u64);
            let (Some(player), Some(score), Some(())) = (player, score, parsed) else {
                return Reply::error(
                    422,
                    "body must be {\"player\": 1-32 chars [a-z0-9_], \"score\": 0-1000000000}",
                );
            };
            let previous = board.iter().position(|(p, _)| *p == player);
            if previous.is_none_or(|i| board[i].1 < score) {
                if let Some(i) = previous {
                    board.remove(i);
                }
                // Insert after every score >= this one, so earlier equal scores rank first.
                let at = board.partition_point(|(_, s)| *s >= score);
                board.insert(at, (player.clone(), score));
                board.truncate(CAPACITY);
                let doc: String = board.iter().map(|(p, s)| format!("{p} {s}\n")).collect();
                if !store("board", &doc) {
                    return Reply::error(507, "storage full");
                }
            }
            match standing(&board, &player) {
                Some(doc) => Reply::json(200, doc),
                None => Reply::error(409, "score too low for the top 100"),
            }
        }
        (_, "/top" | "/top.csv" | "/score") => Reply::error(405, "GET /top, POST /score"),
        _ => Reply::error(404, "routes: POST /score, GET /top, GET /player/<name>"),
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
}
