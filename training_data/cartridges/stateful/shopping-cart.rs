//! Shopping carts with a fixed price list: `PUT /carts/<cart>/items/<sku>` with `{"qty": N}`
//! sets a line (0 removes it; 1-99 per line, 20 lines at most), `GET /carts/<cart>` shows the
//! lines with unit prices and the total in cents, `POST /carts/<cart>/checkout` empties the
//! cart and answers the receipt. Unknown SKUs are a 422; checking out an empty cart is a 409.
//! Carts are ids of 8-40 characters `[A-Za-z0-9-]`.
//! smoke: {"request": {"method": "PUT", "path": "/carts/cart-0001/items/tea", "body": "{\"qty\":2}"}, "status": 200, "body": "{\"cart\":\"cart-0001\",\"lines\":[{\"sku\":\"tea\",\"qty\":2,\"unit\":450,\"subtotal\":900}],\"total\":900}"}
//! smoke: {"request": {"method": "PUT", "path": "/carts/cart-0001/items/mug", "body": "{\"qty\":1}"}, "status": 200, "body": "{\"cart\":\"cart-0001\",\"lines\":[{\"sku\":\"tea\",\"qty\":2,\"unit\":450,\"subtotal\":900},{\"sku\":\"mug\",\"qty\":1,\"unit\":1200,\"subtotal\":1200}],\"total\":2100}"}
//! smoke: {"request": {"method": "PUT", "path": "/carts/cart-0001/items/tea", "body": "{\"qty\":0}"}, "status": 200, "body": "{\"cart\":\"cart-0001\",\"lines\":[{\"sku\":\"mug\",\"qty\":1,\"unit\":1200,\"subtotal\":1200}],\"total\":1200}"}
//! smoke: {"request": {"method": "PUT", "path": "/carts/cart-0001/items/caviar", "body": "{\"qty\":1}"}, "status": 422, "body": "{\"error\":\"unknown sku caviar\"}"}
//! smoke: {"request": {"method": "POST", "path": "/carts/cart-0001/checkout"}, "status": 200, "body": "{\"receipt\":{\"cart\":\"cart-0001\",\"lines\":[{\"sku\":\"mug\",\"qty\":1,\"unit\":1200,\"subtotal\":1200}],\"total\":1200}}"}
//! smoke: {"request": {"method": "POST", "path": "/carts/cart-0001/checkout"}, "status": 409, "body": "{\"error\":\"the cart is empty\"}"}
//! smoke: {"request": {"method": "PUT", "path": "/carts/cart-0001/items/tea", "body": "{\"qty\":100}"}, "status": 422, "body": "{\"error\":\"qty must be an integer 0-99\"}"}
#![no_std]
extern crate alloc;

use alloc::{format, string::String, vec::Vec};

/// Prices in cents.
const PRICES: [(&str, u64); 5] = [
    ("tea", 450),
    ("coffee", 600),
    ("mug", 1200),
    ("biscuits", 250),
    ("kettle", 3500),
];

fn price(sku: &str) -> Option<u64> {
    PRICES.iter().find(|(s, _)| *s == sku).map(|(_, p)| *p)
}

/// Lines are stored as `sku qty` pairs separated by commas, in insertion order.
fn view(cart: &str, lines: &[(String, u64)]) -> String {
    let mut total = 0;
    let items: Vec<String> = lines
        .iter()
        .map(|(sku, qty)| {
            let unit = price(sku).unwrap_or(0);
            total += unit * qty;
            format!(
                "{{\"sku\":\"{sku}\",\"qty\":{qty},\"unit\":{unit},\"subtotal\":{}}}",
                unit * qty
            )
        })
        .collect();
    format!(
        "{{\"cart\":\"{cart}\",\"lines\":[{}],\"total\":{total}}}",
        items.join(",")
    )
}

fn handle(req: &Request) -> Reply {
    let path = split_path(&req.path).0;
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (cart, rest) = match parts[..] {
        ["carts", cart, ref rest @ ..] => (cart, rest),
        _ => return Reply::error(
            404,
            "routes: GET /carts/<cart>, PUT /carts/<cart>/items/<sku>, POST /carts/<cart>/checkout",
        ),
    };
    if !(8..=40).contains(&cart.len())
        || !cart.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Reply::error(422, "cart ids are 8-40 characters [A-Za-z0-9-]");
    }
    let key = format!("cart:{cart}");
    let mut lines: Vec<(String, u64)> = load(&key)
        .unwrap_or_default()
        .split(',')
        .filter_map(|l| {
            l.split_once(' ')
                .and_then(|(s, q)| Some((String::from(s), q.parse().ok()?)))
        })
        .collect();
    let save = |lines: &[(String, u64)]| {
        let text: Vec<String> = lines.iter().map(|(s, q)| format!("{s} {q}")).collect();
        store(&key, &text.join(","))
    };
    match (req.method.as_str(), rest) {
        ("GET", []) => Reply::json(200, view(cart, &lines)),
        ("PUT", ["items", sku]) => {
            if price(sku).is_none() {
                return Reply::error(422, &format!("unknown sku {sku}"));
            }
            let mut qty = None;
            let _ = Json::new(&req.body).object(|k, json| {
                if k == "qty" {
                    qty = json.number();
                    qty.map(drop)
                } else {
                    json.skip()
                }
            });
            let Some(qty) = qty
                .filter(|q| (0.0..=99.0).contains(q) && *q as u64 as f64 == *q)
                .map(|q| q as u64)
            else {
                return Reply::error(422, "qty must be an integer 0-99");
            };
            let full = lines.len() >= 20;
            match lines.iter_mut().find(|(s, _)| s == sku) {
                Some(line) => line.1 = qty,
                None if qty > 0 && full => {
                    return Reply::error(422, "a cart holds at most 20 lines")
                }
                None => lines.push((String::from(*sku), qty)),
            }
            lines.retain(|(_, q)| *q > 0);
            if !save(&lines) {
                return Reply::error(507, "storage full");
            }
            Reply::json(200, view(cart, &lines))
        }
        ("POST", ["checkout"]) => {
            if lines.is_empty() {
                return Reply::error(409, "the cart is empty");
            }
            let receipt = view(cart, &lines);
            save(&[]);
            Reply::json(200, format!("{{\"receipt\":{receipt}}}"))
        }
        (_, [] | ["items", _] | ["checkout"]) => {
            Reply::error(405, "GET a cart, PUT an item, POST checkout")
        }
        _ => Reply::error(
            404,
            "routes: GET /carts/<cart>, PUT /carts/<cart>/items/<sku>, POST /carts/<cart>/checkout",
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
