#[derive(Debug, PartialEq, Eq)]
pub enum Base64Error {
    InvalidLength,
    InvalidChar(usize),
    InvalidPadding,
}

const ALPHA: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn encode(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        let idx = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for (i, &x) in idx.iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHA[x as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn val(c: u8) -> Option<u32> {
    ALPHA.iter().position(|&a| a == c).map(|p| p as u32)
}

pub fn decode(s: &str) -> Result<Vec<u8>, Base64Error> {
    let b = s.as_bytes();
    let len = b.len();
    if len % 4 != 0 {
        return Err(Base64Error::InvalidLength);
    }
    let mut pad = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'=' {
            if i + 2 >= len && b[i..].iter().all(|&x| x == b'=') {
                if pad == 0 {
                    pad = len - i;
                }
                continue;
            }
            return Err(Base64Error::InvalidChar(i));
        }
        if val(c).is_none() {
            return Err(Base64Error::InvalidChar(i));
        }
    }
    if pad > 0 {
        let last = val(b[len - pad - 1]).unwrap();
        let mask = if pad == 2 { 0b1111 } else { 0b11 };
        if last & mask != 0 {
            return Err(Base64Error::InvalidPadding);
        }
    }
    let mut out = Vec::new();
    for q in b.chunks(4) {
        let data: Vec<u32> = q.iter().take_while(|&&c| c != b'=').map(|&c| val(c).unwrap()).collect();
        let mut n = 0u32;
        for (i, v) in data.iter().enumerate() {
            n |= v << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..data.len() - 1]);
    }
    Ok(out)
}
