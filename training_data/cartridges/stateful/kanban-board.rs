//! A kanban board with work-in-progress limits: columns `todo`, `doing` (WIP limit 2) and
//! `done`. `POST /cards` with `{"title"}` adds a card to `todo`; `POST /cards/<id>/move` with
//! `{"to": "doing"}` moves it (only forward or back one column at a time; 409 when `doing` is
//! full or the move skips a column); `GET /board` shows every column in order. At most 100
//! cards.
//! smoke: {"request": {"method": "POST", "path": "/cards", "body": "{\"title\":\"design\"}"}, "status": 201, "body": "{\"id\":1,\"column\":\"todo\"}"}
//! smoke: {"request": {"method": "POST", "path": "/cards", "body": "{\"title\":\"build\"}"}, "status": 201, "body": "{\"id\":2,\"column\":\"todo\"}"}
//! smoke: {"request": {"method": "POST", "path": "/cards", "body": "{\"title\":\"test\"}"}, "status": 201, "body": "{\"id\":3,\"column\":\"todo\"}"}
//! smoke: {"request": {"method": "POST", "path": "/cards/1/move", "body": "{\"to\":\"done\"}"}, "status": 409, "body": "{\"error\":\"cards move one column at a time (todo -> done)\"}"}
//! smoke: {"request": {"method": "POST", "path": "/cards/1/move", "body": "{\"to\":\"doing\"}"}, "status": 200, "body": "{\"id\":1,\"column\":\"doing\"}"}
//! smoke: {"request": {"method": "POST", "path": "/cards/2/move", "body": "{\"to\":\"doing\"}"}, "status": 200, "body": "{\"id\":2,\"column\":\"doing\"}"}
//! smoke: {"request": {"method": "POST", "path": "/cards/3/move", "body": "{\"to\":\"doing\"}"}, "status": 409, "body": "{\"error\":\"doing is at its WIP limit of 2\"}"}
//! smoke: {"request": {"method": "POST", "path": "/cards/1/move", "body": "{\"to\":\"done\"}"}, "status": 200, "body": "{\"id\":1,\"column\":\"done\"}"}
//! smoke: {"request": {"method": "POST", "path": "/cards/move", "body": "{\"to\":\"done\"}"}, "status": 404, "body": "{\"error\":\"no such card\"}"}
//! smoke: {"request": {"path": "/board"}, "status": 200, "body": "{\"todo\":[{\"id\":3,\"title\":\"test\"}],\"doing\":[{\"id\":2,\"title\":\"build\"}],\"done\":[{\"id\":1,\"title\":\"design\"}]}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

const COLUMNS: [&str; 3] = ["todo", "doing", "done"];
/// WIP limits per column (`None`: unlimited).
const LIMITS: [Option<usize>; 3] = [None, Some(2), None];

/// Cards as lines `id column title`, in the order they entered their column.
fn load_cards() -> Vec<(u64, usize, String)> {
    load("cards")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut f = l.splitn(3, ' ');
            Some((
                f.next()?.parse().ok()?,
                f.next()?.parse().ok()?,
                String::from(f.next()?),
            ))
        })
        .collect()
}

fn cards_text(cards: &[(u64, usize, String)]) -> String {
    cards
        .iter()
        .map(|(id, c, t)| format!("{id} {c} {t}\n"))
        .collect()
}

fn string_field(body: &str, name: &str) -> Option<String> {
    let mut value = None;
    Json::new(body).object(|key, json| {
        if key == name {
            value = Some(json.string()?);
            Some(())
        } else {
            json.skip()
        }
    })?;
    value
}

fn handle(req: &Request) -> Reply {
    let path = split_path(&req.path).0;
    let mut cards = load_cards();
    match (req.method.as_str(), path) {
        ("GET", "/board") => {
            let columns: Vec<String> = COLUMNS
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let items: Vec<String> = cards
                        .iter()
                        .filter(|c| c.1 == i)
                        .map(|(id, _, t)| format!("{{\"id\":{id},\"title\":{}}}", quote(t)))
                        .collect();
                    format!("\"{name}\":[{}]", items.join(","))
                })
                .collect();
            Reply::json(200, format!("{{{}}}", columns.join(",")))
        }
        ("POST", "/cards") => {
            let Some(title) = string_field(&req.body, "title")
                .filter(|t| (1..=100).contains(&t.chars().count()) && !t.contains('\n'))
            else {
                return Reply::error(422, "title must be 1-100 characters on one line");
            };
            if cards.len() >= 100 {
                return Reply::error(507, "the board is full");
            }
            let id = cards
                .iter()
                .map(|c| c.0)
                .max()
                .unwrap_or(0)
                .max(load("last_id").and_then(|l| l.parse().ok()).unwrap_or(0))
                + 1;
            cards.push((id, 0, title));
            if !store_all(&[
                ("cards", &cards_text(&cards)),
                ("last_id", &format!("{id}")),
            ]) {
                return Reply::error(507, "storage full");
            }
            Reply::json(201, format!("{{\"id\":{id},\"column\":\"todo\"}}"))
        }
        ("POST", p) if p.starts_with("/cards/") && p.ends_with("/move") => {
            let id = p
                .strip_prefix("/cards/")
                .and_then(|r| r.strip_suffix("/move"))
                .and_then(|i| i.parse::<u64>().ok());
            let Some(i) = cards.iter().position(|c| Some(c.0) == id) else {
                return Reply::error(404, "no such card");
            };
            let Some(to) =
                string_field(&req.body, "to").and_then(|t| COLUMNS.iter().position(|c| *c == t))
            else {
                return Reply::error(422, "to must be todo, doing or done");
            };
            let from = cards[i].1;
            if from.abs_diff(to) != 1 {
                return Reply::error(
                    409,
                    &format!(
                        "cards move one column at a time ({} -> {})",
                        COLUMNS[from], COLUMNS[to]
                    ),
                );
            }
            if LIMITS[to].is_some_and(|limit| cards.iter().filter(|c| c.1 == to).count() >= limit) {
                return Reply::error(
                    409,
                    &format!(
                        "{} is at its WIP limit of {}",
                        COLUMNS[to],
                        LIMITS[to].unwrap_or(0)
                    ),
                );
            }
            // Re-append so the card is last in its new column.
            let mut card = cards.remove(i);
            card.1 = to;
            let id = card.0;
            cards.push(card);
            // Same bytes in a new order: a rewrite no larger than before always passes.
            store("cards", &cards_text(&cards));
            Reply::json(
                200,
                format!("{{\"id\":{id},\"column\":\"{}\"}}", COLUMNS[to]),
            )
        }
        _ => Reply::error(
            404,
            "routes: GET /board, POST /cards, POST /cards/<id>/move",
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
