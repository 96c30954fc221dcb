//! Text statistics sold in tiers by the amount paid. POST the text as the body. Unpaid requests
//! get 402 with the price (1000 token units). A paid request is always served: the payment plus
//! the payer's stored credit picks the tier and is used up by it; from 1000 units the basic tier
//! answers words and characters; from 10000 units the premium tier adds the number of sentences
//! and the longest word. A balance below 1000 buys no tier yet, so it is kept in KV as the
//! payer's credit (200 with the credit and what is still missing) and counts toward the next
//! request. A paid request with the wrong method gets 405 and its payment is credited too.
//! Credit comes only from settled payments: on a settle-after route (`tx_hash` null) nothing is
//! taken before a 2xx, so a payment below 1000 simply gets 402 with what was paid.
//! smoke: {"request": {"method": "POST", "body": "Pay once. Read everything!"}, "status": 402, "body": "{\"error\":\"payment required\",\"price\":1000}"}
//! smoke: {"request": {"method": "POST", "body": "Pay once. Read everything!", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "500", "tx_hash": "0xaa01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"tier\":\"none\",\"credit\":500,\"missing\":500}"}
//! smoke: {"request": {"method": "POST", "body": "Pay once. Read everything!", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "500", "tx_hash": "0xaa02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"tier\":\"basic\",\"words\":4,\"chars\":26}"}
//! smoke: {"request": {"method": "POST", "body": "Pay once. Read everything!", "payment": {"payer": "0xA11cE00000000000000000000000000000000001", "amount": "9500", "tx_hash": "0xaa03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"tier\":\"basic\",\"words\":4,\"chars\":26}"}
//! smoke: {"request": {"method": "POST", "body": "Pay once. Read everything!", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "10000", "tx_hash": "0xbb01", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"tier\":\"premium\",\"words\":4,\"chars\":26,\"sentences\":2,\"longest\":\"everything\"}"}
//! smoke: {"request": {"method": "GET", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "700", "tx_hash": "0xbb02", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 405, "body": "{\"error\":\"POST the text to summarise\",\"credit\":700}"}
//! smoke: {"request": {"method": "POST", "body": "Hi there. Bye.", "payment": {"payer": "0xB0B0000000000000000000000000000000000002", "amount": "300", "tx_hash": "0xbb03", "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 200, "body": "{\"tier\":\"basic\",\"words\":3,\"chars\":14}"}
//! smoke: {"request": {"method": "GET"}, "status": 405, "body": "{\"error\":\"POST the text to summarise\"}"}
//! smoke: {"request": {"method": "POST", "body": "Pay once. Read everything!", "payment": {"payer": "0xCA90100000000000000000000000000000000003", "amount": "500", "tx_hash": null, "network": "eip155:42431", "asset": "0x20c0000000000000000000000000000000000000"}}, "status": 402, "body": "{\"error\":\"insufficient payment\",\"paid\":500,\"price\":1000}"}
#![no_std]
extern crate alloc;

use alloc::{
    format,
    string::{String, ToString},
};
use core::alloc::{GlobalAlloc, Layout};

#[link(wasm_import_module = "x402")]
extern "C" {
    fn kv_get(key_ptr: *const u8, key_len: i32) -> i64;
    fn kv_set(key_ptr: *const u8, key_len: i32, val_ptr: *const u8, val_len: i32) -> i32;
    fn payment_info() -> i64;
    fn response(status: i32, body_ptr: *const u8, body_len: i32, ct_ptr: *const u8, ct_len: i32);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Bump allocator: a static arena, then fresh pages. Every request runs in a fresh instance,
/// so nothing is ever freed.
struct Bump;

const ARENA: usize = 128 * 1024;
static mut HEAP: [u8; ARENA] = [0; ARENA];
static mut USED: usize = 0;

unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let start = (USED + layout.align() - 1) & !(layout.align() - 1);
        if start + layout.size() <= ARENA {
            USED = start + layout.size();
            return core::ptr::addr_of_mut!(HEAP).cast::<u8>().add(start);
        }
        match core::arch::wasm32::memory_grow(0, layout.size().div_ceil(65536)) {
            usize::MAX => core::ptr::null_mut(),
            page => (page * 65536) as *mut u8,
        }
    }

    unsafe fn dealloc(&self, _: *mut u8, _: Layout) {}
}

#[global_allocator]
static BUMP: Bump = Bump;

/// The host places every buffer it passes in (request, KV values, call results) here.
#[no_mangle]
pub extern "C" fn x402_alloc(size: i32) -> i32 {
    let Ok(layout) = Layout::from_size_align(size as usize, 8) else {
        core::arch::wasm32::unreachable()
    };
    let ptr = unsafe { BUMP.alloc(layout) };
    if ptr.is_null() {
        core::arch::wasm32::unreachable()
    }
    ptr as i32
}

/// The bytes of a packed `(ptr << 32) | len` value the host returned (empty for 0).
fn unpack(packed: i64) -> &'static [u8] {
    let (ptr, len) = ((packed as u64 >> 32) as usize, packed as u32 as usize);
    if packed == 0 {
        return &[];
    }
    unsafe { core::slice::from_raw_parts(ptr as *const u8, len) }
}

fn reply(status: i32, body: &str) {
    reply_as(status, body, "application/json");
}

fn reply_as(status: i32, body: &str, content_type: &str) {
    let ct = content_type.as_bytes();
    unsafe {
        response(
            status,
            body.as_ptr(),
            body.len() as i32,
            ct.as_ptr(),
            ct.len() as i32,
        )
    };
}

/// The raw JSON text of member `key` of the object `obj` (top level only).
fn field<'a>(obj: &'a str, key: &str) -> Option<&'a str> {
    let b = obj.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        if b.get(i) == Some(&b'}') {
            return None;
        }
        let key_end = skip_value(b, i)?;
        let name = obj.get(i + 1..key_end - 1)?;
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let start = skip_ws(b, i + 1);
        let end = skip_value(b, start)?;
        if name == key {
            return Some(&obj[start..end]);
        }
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return None,
        }
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Index just past the JSON value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => {
            let mut j = i + 1;
            loop {
                match *b.get(j)? {
                    b'\\' => j += 2,
                    b'"' => return Some(j + 1),
                    _ => j += 1,
                }
            }
        }
        b'{' | b'[' => {
            let (mut depth, mut j) = (0usize, i);
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = skip_value(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// Decodes a JSON string literal (quotes included in `raw`).
fn unquote(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                let code = u32::from_str_radix(&hex, 16).ok()?;
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            other => out.push(other),
        }
    }
    Some(out)
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

/// Method and body of the request document.
fn request(ptr: i32, len: i32) -> (String, String) {
    let raw = unsafe { core::slice::from_raw_parts(ptr as *const u8, len as usize) };
    let doc = core::str::from_utf8(raw).unwrap_or("{}");
    let text = |key: &str| field(doc, key).and_then(unquote).unwrap_or_default();
    (text("method"), text("body"))
}

/// The value stored under `key` in this cartridge's KV, if any.
fn load(key: &str) -> Option<&'static str> {
    let packed = unsafe { kv_get(key.as_ptr(), key.len() as i32) };
    if packed == 0 {
        return None;
    }
    core::str::from_utf8(unpack(packed)).ok()
}

/// Stores `value` under `key`; false when the host refused the write (size or quota).
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

/// What a paid request can spend: the payment plus the payer's stored credit.
struct Purse {
    /// KV key of the payer's credit; `None` for a payment not settled yet (a settle-after
    /// route, `tx_hash` null): nothing is taken until the cartridge answers 2xx, so a refusal
    /// costs nothing, and a credit written now could outlive a settlement that then fails.
    key: Option<String>,
    credit: u64,
    balance: u64,
}

/// The purse of this request, or `None` when it was free.
fn purse() -> Option<Purse> {
    let info = core::str::from_utf8(unpack(unsafe { payment_info() })).ok()?;
    let amount: u64 = unquote(field(info, "amount")?)?.parse().ok()?;
    if field(info, "tx_hash").and_then(unquote).is_none() {
        return Some(Purse {
            key: None,
            credit: 0,
            balance: amount,
        });
    }
    let payer = field(info, "payer").and_then(unquote).unwrap_or_default();
    let key = format!("credit:{}", payer.to_ascii_lowercase());
    let credit = load(&key).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    Some(Purse {
        key: Some(key),
        credit,
        balance: credit.saturating_add(amount),
    })
}

const BASIC: u64 = 1_000;
const PREMIUM: u64 = 10_000;

#[no_mangle]
pub extern "C" fn x402_handle(req_ptr: i32, req_len: i32) {
    let (method, body) = request(req_ptr, req_len);
    let purse = purse();
    if method != "POST" {
        let Some(Purse {
            key: Some(key),
            balance,
            ..
        }) = purse
        else {
            return reply(405, "{\"error\":\"POST the text to summarise\"}");
        };
        // Paid but nothing to serve: keep the money as credit, never pocket it.
        if !store(&key, &balance.to_string()) {
            return reply(507, "{\"error\":\"cannot record the credit\"}");
        }
        let body = format!("{{\"error\":\"POST the text to summarise\",\"credit\":{balance}}}");
        return reply(405, &body);
    }
    let Some(Purse {
        key,
        credit,
        balance,
    }) = purse
    else {
        return reply(
            402,
            &format!("{{\"error\":\"payment required\",\"price\":{BASIC}}}"),
        );
    };
    if balance < BASIC {
        let Some(key) = key else {
            let body = format!(
                "{{\"error\":\"insufficient payment\",\"paid\":{balance},\"price\":{BASIC}}}"
            );
            return reply(402, &body);
        };
        if !store(&key, &balance.to_string()) {
            return reply(507, "{\"error\":\"cannot record the credit\"}");
        }
        let missing = BASIC - balance;
        let body = format!("{{\"tier\":\"none\",\"credit\":{balance},\"missing\":{missing}}}");
        return reply(200, &body);
    }
    // The whole balance buys this tier: the stored credit is used up.
    if let Some(key) = key.filter(|_| credit > 0) {
        if !store(&key, "0") {
            return reply(507, "{\"error\":\"cannot record the credit\"}");
        }
    }
    let text = body.as_str();
    let words = text.split_whitespace().count();
    let chars = text.chars().count();
    if balance < PREMIUM {
        return reply(
            200,
            &format!("{{\"tier\":\"basic\",\"words\":{words},\"chars\":{chars}}}"),
        );
    }
    let sentences = text
        .split(['.', '!', '?'])
        .filter(|s| !s.trim().is_empty())
        .count();
    let longest = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .fold("", |best, w| {
            if w.chars().count() > best.chars().count() {
                w
            } else {
                best
            }
        });
    let body = format!(
        "{{\"tier\":\"premium\",\"words\":{words},\"chars\":{chars},\"sentences\":{sentences},\"longest\":{}}}",
        quote(longest)
    );
    reply(200, &body);
}
