//! A small library's loans: `POST /books` with `{"isbn", "title", "copies"}` adds copies to the
//! catalogue; `POST /loans` with `{"isbn", "member", "day"}` lends a copy for 14 days (409 when
//! none is free, or the member already has 3 books or this title); `POST /returns` with
//! `{"isbn", "member", "day"}` returns it and answers the late fee (10 cents per day late);
//! `GET /books/<isbn>` shows availability. Days are day numbers (e.g. days since an epoch).
//! smoke: {"request": {"method": "POST", "path": "/books", "body": "{\"isbn\":\"9780262033848\",\"title\":\"Introduction to Algorithms\",\"copies\":1}"}, "status": 200, "body": "{\"isbn\":\"9780262033848\",\"copies\":1,\"available\":1}"}
//! smoke: {"request": {"method": "POST", "path": "/loans", "body": "{\"isbn\":\"9780262033848\",\"member\":\"m-17\",\"day\":100}"}, "status": 200, "body": "{\"isbn\":\"9780262033848\",\"member\":\"m-17\",\"due\":114}"}
//! smoke: {"request": {"method": "POST", "path": "/loans", "body": "{\"isbn\":\"9780262033848\",\"member\":\"m-99\",\"day\":101}"}, "status": 409, "body": "{\"error\":\"no copy available\"}"}
//! smoke: {"request": {"path": "/books/9780262033848"}, "status": 200, "body": "{\"isbn\":\"9780262033848\",\"title\":\"Introduction to Algorithms\",\"copies\":1,\"available\":0,\"loans\":[{\"member\":\"m-17\",\"due\":114}]}"}
//! smoke: {"request": {"method": "POST", "path": "/returns", "body": "{\"isbn\":\"9780262033848\",\"member\":\"m-17\",\"day\":120}"}, "status": 200, "body": "{\"returned\":\"9780262033848\",\"days_late\":6,\"fee_cents\":60}"}
//! smoke: {"request": {"method": "POST", "path": "/returns", "body": "{\"isbn\":\"9780262033848\",\"member\":\"m-17\",\"day\":121}"}, "status": 409, "body": "{\"error\":\"m-17 has not borrowed 9780262033848\"}"}
//! smoke: {"request": {"method": "POST", "path": "/loans", "body": "{\"isbn\":\"0000000000000\",\"member\":\"m-17\",\"day\":121}"}, "status": 404, "body": "{\"error\":\"no such book\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

const LOAN_DAYS: u64 = 14;
const MAX_PER_MEMBER: usize = 3;

/// A title: `copies` and loans as `member:due` pairs. Stored as `copies;loans;title`.
struct Book {
    copies: u64,
    loans: Vec<(String, u64)>,
    title: String,
}

impl Book {
    fn load(isbn: &str) -> Option<Book> {
        let text = load(&format!("book:{isbn}"))?;
        let mut f = text.splitn(3, ';');
        let copies = f.next()?.parse().ok()?;
        let loans = f
            .next()?
            .split(',')
            .filter_map(|l| {
                l.split_once(':')
                    .and_then(|(m, d)| Some((String::from(m), d.parse().ok()?)))
            })
            .collect();
        Some(Book {
            copies,
            loans,
            title: String::from(f.next()?),
        })
    }

    fn text(&self) -> String {
        let loans: Vec<String> = self.loans.iter().map(|(m, d)| format!("{m}:{d}")).collect();
        format!("{};{};{}", self.copies, loans.join(","), self.title)
    }
}

#[derive(Default)]
struct Fields {
    isbn: Option<String>,
    title: Option<String>,
    member: Option<String>,
    number: Option<f64>,
}

fn fields(body: &str, number_key: &str) -> Fields {
    let mut f = Fields::default();
    let _ = Json::new(body).object(|key, json| {
        match key {
            "isbn" => f.isbn = json.string(),
            "title" => f.title = json.string(),
            "member" => f.member = json.string(),
            k if k == number_key => f.number = json.number(),
            _ => json.skip()?,
        }
        Some(())
    });
    f
}

fn handle(req: &Request) -> Reply {
    let path = split_path(&req.path).0;
    if let Some(isbn) = path.strip_prefix("/books/") {
        let Some(book) = Book::load(isbn) else {
            return Reply::error(404, "no such book");
        };
        let loans: Vec<String> = book
            .loans
            .iter()
            .map(|(m, d)| format!("{{\"member\":\"{m}\",\"due\":{d}}}"))
            .collect();
        return Reply::json(
            200,
            format!(
                "{{\"isbn\":\"{isbn}\",\"title\":{},\"copies\":{},\"available\":{},\"loans\":[{}]}}",
                quote(&book.title),
                book.copies,
                book.copies - book.loans.len() as u64,
                loans.join(",")
            ),
        );
    }
    if req.method != "POST" || !["/books", "/loans", "/returns"].contains(&path) {
        return Reply::error(
            404,
            "routes: POST /books, POST /loans, POST /returns, GET /books/<isbn>",
        );
    }
    let f = fields(&req.body, if path == "/books" { "copies" } else { "day" });
    let Some(isbn) = f
        .isbn
        .filter(|i| i.len() == 13 && i.bytes().all(|b| b.is_ascii_digit()))
    else {
        return Reply::error(422, "isbn must be 13 digits");
    };
    let Some(n) = f
        .number
        .filter(|n| (0.0..=1e7).contains(n) && *n as u64 as f64 == *n)
        .map(|n| n as u64)
    else {
        return Reply::error(422, "copies / day must be a non-negative integer");
    };
    let key = format!("book:{isbn}");
    if path == "/books" {
        let mut book = Book::load(&isbn).unwrap_or(Book {
            copies: 0,
            loans: Vec::new(),
            title: String::new(),
        });
        if let Some(title) = f
            .title
            .filter(|t| (1..=200).contains(&t.len()) && !t.contains(['\n', ';']))
        {
            book.title = title;
        }
        if book.title.is_empty() || !(1..=100).contains(&n) {
            return Reply::error(422, "a new book needs a title (no ';') and 1-100 copies");
        }
        book.copies += n;
        if !store(&key, &book.text()) {
            return Reply::error(507, "storage full");
        }
        let available = book.copies - book.loans.len() as u64;
        return Reply::json(
            200,
            format!(
                "{{\"isbn\":\"{isbn}\",\"copies\":{},\"available\":{available}}}",
                book.copies
            ),
        );
    }
    let Some(member) = f.member.filter(|m| {
        (1..=20).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }) else {
        return Reply::error(422, "member ids are 1-20 characters [A-Za-z0-9-]");
    };
    let Some(mut book) = Book::load(&isbn) else {
        return Reply::error(404, "no such book");
    };
    let member_key = format!("member:{member}");
    let mut borrowed: Vec<String> = load(&member_key)
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if path == "/loans" {
        if borrowed.contains(&isbn) {
            return Reply::error(409, "this member already has this title");
        }
        if borrowed.len() >= MAX_PER_MEMBER {
            return Reply::error(409, "this member has 3 books already");
        }
        if book.loans.len() as u64 >= book.copies {
            return Reply::error(409, "no copy available");
        }
        let due = n + LOAN_DAYS;
        book.loans.push((member.clone(), due));
        borrowed.push(isbn.clone());
        if !store_all(&[(&key, &book.text()), (&member_key, &borrowed.join(","))]) {
            return Reply::error(507, "storage full");
        }
        return Reply::json(
            200,
            format!("{{\"isbn\":\"{isbn}\",\"member\":\"{member}\",\"due\":{due}}}"),
        );
    }
    let Some(i) = book.loans.iter().position(|(m, _)| *m == member) else {
        return Reply::error(409, &format!("{member} has not borrowed {isbn}"));
    };
    let (_, due) = book.loans.remove(i);
    borrowed.retain(|b| *b != isbn);
    // Both values shrink, so neither write can be refused.
    store(&key, &book.text());
    store(&member_key, &borrowed.join(","));
    let late = n.saturating_sub(due);
    Reply::json(
        200,
        format!(
            "{{\"returned\":\"{isbn}\",\"days_late\":{late},\"fee_cents\":{}}}",
            late * 10
        ),
    )
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
