//! Loyalty points with replay protection: `POST /wallets/<user>/earn` and `/spend` take
//! `{"points": N, "nonce": K}` where the nonce must be exactly one more than the wallet's last
//! (a retried or replayed request is a 409 that changes nothing, a skipped nonce too);
//! spending more than the balance is a 409. `GET /wallets/<user>` answers the balance, the
//! last nonce and lifetime earned points. Points are integers 1-100000 per request.
//! smoke: {"request": {"method": "POST", "path": "/wallets/ada/earn", "body": "{\"points\":500,\"nonce\":1}"}, "status": 200, "body": "{\"user\":\"ada\",\"balance\":500,\"nonce\":1,\"earned\":500}"}
//! smoke: {"request": {"method": "POST", "path": "/wallets/ada/earn", "body": "{\"points\":500,\"nonce\":1}"}, "status": 409, "body": "{\"error\":\"nonce 1 already used; next is 2\"}"}
//! smoke: {"request": {"method": "POST", "path": "/wallets/ada/spend", "body": "{\"points\":200,\"nonce\":2}"}, "status": 200, "body": "{\"user\":\"ada\",\"balance\":300,\"nonce\":2,\"earned\":500}"}
//! smoke: {"request": {"method": "POST", "path": "/wallets/ada/spend", "body": "{\"points\":301,\"nonce\":3}"}, "status": 409, "body": "{\"error\":\"balance 300 is below 301\"}"}
//! smoke: {"request": {"method": "POST", "path": "/wallets/ada/spend", "body": "{\"points\":1,\"nonce\":5}"}, "status": 409, "body": "{\"error\":\"nonce 5 skips ahead; next is 3\"}"}
//! smoke: {"request": {"path": "/wallets/ada"}, "status": 200, "body": "{\"user\":\"ada\",\"balance\":300,\"nonce\":2,\"earned\":500}"}
//! smoke: {"request": {"method": "POST", "path": "/wallets/ada/earn", "body": "{\"points\":0,\"nonce\":3}"}, "status": 422, "body": "{\"error\":\"body must be {\\\"points\\\": 1-100000, \\\"nonce\\\": integer}\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

/// A wallet: balance, last nonce, lifetime earned. Stored as `balance nonce earned`.
#[derive(Default)]
struct Wallet {
    balance: u64,
    nonce: u64,
    earned: u64,
}

impl Wallet {
    fn load(user: &str) -> Wallet {
        let text = load(&format!("wallet:{user}")).unwrap_or_default();
        let f: Vec<u64> = text.split(' ').filter_map(|x| x.parse().ok()).collect();
        match f[..] {
            [balance, nonce, earned] => Wallet {
                balance,
                nonce,
                earned,
            },
            _ => Wallet::default(),
        }
    }

    fn to_json(&self, user: &str) -> String {
        format!(
            "{{\"user\":\"{user}\",\"balance\":{},\"nonce\":{},\"earned\":{}}}",
            self.balance, self.nonce, self.earned
        )
    }
}

fn handle(req: &Request) -> Reply {
    let parts: Vec<&str> = split_path(&req.path)
        .0
        .trim_start_matches('/')
        .split('/')
        .collect();
    let (user, action) = match parts[..] {
        ["wallets", user] => (user, None),
        ["wallets", user, action @ ("earn" | "spend")] => (user, Some(action)),
        _ => {
            return Reply::error(
                404,
                "routes: GET /wallets/<user>, POST /wallets/<user>/earn|spend",
            )
        }
    };
    if !(1..=32).contains(&user.len())
        || !user.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Reply::error(422, "user ids are 1-32 characters [A-Za-z0-9-]");
    }
    let mut wallet = Wallet::load(user);
    let action = match (req.method.as_str(), action) {
        ("GET", None) => return Reply::json(200, wallet.to_json(user)),
        ("POST", Some(a)) => a,
        _ => return Reply::error(405, "GET a wallet, POST earn or spend"),
    };
    let (mut points, mut nonce) = (None, None);
    let _ = Json::new(&req.body).object(|key, json| {
        match key {
            "points" => points = json.number(),
            "nonce" => nonce = json.number(),
            _ => json.skip()?,
        }
        Some(())
    });
    let int = |v: Option<f64>, lo: f64, hi: f64| {
        v.filter(|v| (lo..=hi).contains(v) && *v as u64 as f64 == *v)
            .map(|v| v as u64)
    };
    let (Some(points), Some(nonce)) = (int(points, 1.0, 100_000.0), int(nonce, 0.0, 9e15)) else {
        return Reply::error(
            422,
            "body must be {\"points\": 1-100000, \"nonce\": integer}",
        );
    };
    let next = wallet.nonce + 1;
    if nonce < next {
        return Reply::error(409, &format!("nonce {nonce} already used; next is {next}"));
    }
    if nonce > next {
        return Reply::error(409, &format!("nonce {nonce} skips ahead; next is {next}"));
    }
    if action == "spend" {
        if wallet.balance < points {
            return Reply::error(
                409,
                &format!("balance {} is below {points}", wallet.balance),
            );
        }
        wallet.balance -= points;
    } else {
        wallet.balance += points;
        wallet.earned += points;
    }
    wallet.nonce = nonce;
    if !store(
        &format!("wallet:{user}"),
        &format!("{} {} {}", wallet.balance, wallet.nonce, wallet.earned),
    ) {
        return Reply::error(507, "storage full");
    }
    Reply::json(200, wallet.to_json(user))
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
