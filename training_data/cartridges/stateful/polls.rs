//! Multiple-choice polls: `POST /polls` with `{"question": "...", "options": ["a", "b", ...],
//! "admin_key": "..."}` (2-8 distinct options, a secret key of 16-64 characters) creates a poll
//! and answers its id; `POST /polls/<id>/vote` with
//! `{"voter", "option"}` casts a ballot (one per voter: 409 on a second); `GET /polls/<id>`
//! shows counts and the leader; `POST /polls/<id>/close` with `Authorization: Bearer <admin_key>`
//! stops voting. At most 100 polls.
//! smoke: {"request": {"method": "POST", "path": "/polls", "body": "{\"question\":\"Lunch?\",\"options\":[\"pizza\",\"sushi\",\"salad\"],\"admin_key\":\"lunch-admin-key-42\"}"}, "status": 201, "body": "{\"id\":1}"}
//! smoke: {"request": {"method": "POST", "path": "/polls/1/vote", "body": "{\"voter\":\"ann\",\"option\":\"sushi\"}"}, "status": 200, "body": "{\"voted\":\"sushi\"}"}
//! smoke: {"request": {"method": "POST", "path": "/polls/1/vote", "body": "{\"voter\":\"bo\",\"option\":\"sushi\"}"}, "status": 200, "body": "{\"voted\":\"sushi\"}"}
//! smoke: {"request": {"method": "POST", "path": "/polls/1/vote", "body": "{\"voter\":\"ann\",\"option\":\"pizza\"}"}, "status": 409, "body": "{\"error\":\"ann already voted\"}"}
//! smoke: {"request": {"method": "POST", "path": "/polls/1/vote", "body": "{\"voter\":\"cy\",\"option\":\"tacos\"}"}, "status": 422, "body": "{\"error\":\"no option tacos\"}"}
//! smoke: {"request": {"method": "POST", "path": "/polls/1/close", "headers": {"authorization": "Bearer guess-guess-guess"}}, "status": 403, "body": "{\"error\":\"only the poll's admin can close it\"}"}
//! smoke: {"request": {"method": "POST", "path": "/polls/1/close", "headers": {"authorization": "Bearer lunch-admin-key-42"}}, "status": 200, "body": "{\"closed\":true}"}
//! smoke: {"request": {"method": "POST", "path": "/polls/1/vote", "body": "{\"voter\":\"cy\",\"option\":\"pizza\"}"}, "status": 409, "body": "{\"error\":\"poll is closed\"}"}
//! smoke: {"request": {"path": "/polls/1"}, "status": 200, "body": "{\"id\":1,\"question\":\"Lunch?\",\"open\":false,\"votes\":{\"pizza\":0,\"sushi\":2,\"salad\":0},\"leader\":\"sushi\"}"}
//! smoke: {"request": {"method": "POST", "path": "/polls", "body": "{\"question\":\"?\",\"options\":[\"a\",\"a\"],\"admin_key\":\"0123456789abcdef\"}"}, "status": 422, "body": "{\"error\":\"need 2-8 distinct options of 1-40 characters\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

/// A poll in the KV: `poll:<id>` holds the question line, an `open`/`closed` line and one line
/// per option `count<TAB>label`; `voters:<id>` holds one voter per line.
struct Poll {
    question: String,
    open: bool,
    options: Vec<(u32, String)>,
}

impl Poll {
    fn load(id: u64) -> Option<Poll> {
        let doc = load(&format!("poll:{id}"))?;
        let mut lines = doc.lines();
        let question = String::from(lines.next()?);
        let open = lines.next()? == "open";
        let options = lines
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(c, o)| Some((c.parse().ok()?, String::from(o))))
            .collect();
        Some(Poll {
            question,
            open,
            options,
        })
    }

    fn to_doc(&self) -> String {
        let mut doc = format!(
            "{}\n{}\n",
            self.question,
            if self.open { "open" } else { "closed" }
        );
        for (count, label) in &self.options {
            doc.push_str(&format!("{count}\t{label}\n"));
        }
        doc
    }
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
    if path == "/polls" {
        if req.method != "POST" {
            return Reply::error(405, "POST /polls to create a poll");
        }
        let (mut question, mut options, mut admin_key) = (None, Vec::new(), None);
        let parsed = Json::new(&req.body).object(|key, json| {
            match key {
                "question" => question = Some(json.string()?),
                "admin_key" => admin_key = Some(json.string()?),
                "options" => json.array(|json| {
                    options.push(json.string()?);
                    Some(())
                })?,
                _ => json.skip()?,
            }
            Some(())
        });
        let Some(question) = question.filter(|q| {
            parsed.is_some() && (1..=200).contains(&q.chars().count()) && !q.contains('\n')
        }) else {
            return Reply::error(422, "question must be 1-200 characters on one line");
        };
        let Some(admin_key) = admin_key
            .filter(|k| (16..=64).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        else {
            return Reply::error(422, "admin_key must be 16-64 printable ASCII characters");
        };
        let distinct = options
            .iter()
            .enumerate()
            .all(|(i, o)| !options[..i].contains(o));
        if !(2..=8).contains(&options.len())
            || !distinct
            || options
                .iter()
                .any(|o| !(1..=40).contains(&o.chars().count()) || o.contains(['\t', '\n']))
        {
            return Reply::error(422, "need 2-8 distinct options of 1-40 characters");
        }
        let id: u64 = load("next_id").and_then(|n| n.parse().ok()).unwrap_or(1);
        if id > 100 {
            return Reply::error(507, "poll limit reached");
        }
        let poll = Poll {
            question,
            open: true,
            options: options.into_iter().map(|o| (0, o)).collect(),
        };
        let (poll_key, admin_slot, next_id) = (
            format!("poll:{id}"),
            format!("admin:{id}"),
            format!("{}", id + 1),
        );
        if !store_all(&[
            (&poll_key, &poll.to_doc()),
            (&admin_slot, &admin_key),
            ("next_id", &next_id),
        ]) {
            return Reply::error(507, "storage full");
        }
        return Reply::json(201, format!("{{\"id\":{id}}}"));
    }
    let mut parts = path.strip_prefix("/polls/").unwrap_or_default().split('/');
    let (Some(Ok(id)), action) = (parts.next().map(str::parse::<u64>), parts.next()) else {
        return Reply::error(
            404,
            "routes: POST /polls, GET /polls/<id>, POST /polls/<id>/vote, POST /polls/<id>/close",
        );
    };
    let Some(mut poll) = Poll::load(id) else {
        return Reply::error(404, &format!("no poll {id}"));
    };
    match (req.method.as_str(), action) {
        ("GET", None) => {
            let votes: Vec<String> = poll
                .options
                .iter()
                .map(|(c, o)| format!("{}:{c}", quote(o)))
                .collect();
            let top = poll.options.iter().map(|(c, _)| *c).max().unwrap_or(0);
            let leaders: Vec<&(u32, String)> = poll
                .options
                .iter()
                .filter(|(c, _)| *c == top && top > 0)
                .collect();
            let leader = match leaders[..] {
                [(_, one)] => quote(one),
                _ => String::from("null"),
            };
            Reply::json(
                200,
                format!("{{\"id\":{id},\"question\":{},\"open\":{},\"votes\":{{{}}},\"leader\":{leader}}}", quote(&poll.question), poll.open, votes.join(",")),
            )
        }
        ("POST", Some("close")) => {
            let key = load(&format!("admin:{id}")).unwrap_or_default();
            let given = req
                .header("authorization")
                .and_then(|h| h.strip_prefix("Bearer "))
                .unwrap_or_default();
            // Constant-time comparison.
            let same = key.len() == given.len()
                && key
                    .bytes()
                    .zip(given.bytes())
                    .fold(0, |d, (a, b)| d | (a ^ b))
                    == 0;
            if !same {
                return Reply::error(403, "only the poll's admin can close it");
            }
            poll.open = false;
            store(&format!("poll:{id}"), &poll.to_doc());
            Reply::json(200, String::from("{\"closed\":true}"))
        }
        ("POST", Some("vote")) => {
            if !poll.open {
                return Reply::error(409, "poll is closed");
            }
            let (Some(voter), Some(option)) = (
                string_field(&req.body, "voter"),
                string_field(&req.body, "option"),
            ) else {
                return Reply::error(422, "body must be {\"voter\": ..., \"option\": ...}");
            };
            if !(1..=40).contains(&voter.len())
                || !voter
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Reply::error(422, "voter must be 1-40 characters [A-Za-z0-9-]");
            }
            let voters = load(&format!("voters:{id}")).unwrap_or_default();
            if voters.lines().any(|v| v == voter) {
                return Reply::error(409, &format!("{voter} already voted"));
            }
            let Some(slot) = poll.options.iter_mut().find(|(_, o)| *o == option) else {
                return Reply::error(422, &format!("no option {option}"));
            };
            slot.0 += 1;
            let voters = format!("{voters}{voter}\n");
            if !store_all(&[
                (&format!("voters:{id}"), &voters),
                (&format!("poll:{id}"), &poll.to_doc()),
            ]) {
                return Reply::error(507, "storage full");
            }
            Reply::json(200, format!("{{\"voted\":{}}}", quote(&option)))
        }
        (_, None | Some("vote" | "close")) => {
            Reply::error(405, "GET /polls/<id>; POST .../vote or .../close")
        }
        _ => Reply::error(
            404,
            "routes: POST /polls, GET /polls/<id>, POST /polls/<id>/vote, POST /polls/<id>/close",
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
