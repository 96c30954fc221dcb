//! Wolfram's Rule 30 cellular automaton drawn row by row on a 64×64 framebuffer: the first
//! row holds a single live cell in the middle, and every tick computes the next generation
//! (new = left XOR (center OR right), edges treated as dead) into the next row down. Once the
//! bottom is reached the picture scrolls up by one row per tick.
//! smoke: {"frame": {"ticks": 0}, "width": 64, "height": 64, "pixels": [[32, 0, "222222ff"], [31, 0, "f5f5dcff"], [31, 1, "f5f5dcff"]]}
//! smoke: {"frame": {"ticks": 2}, "pixels": [[31, 1, "222222ff"], [32, 1, "222222ff"], [33, 1, "222222ff"], [30, 2, "222222ff"], [31, 2, "222222ff"], [32, 2, "f5f5dcff"], [33, 2, "f5f5dcff"], [34, 2, "222222ff"]]}
//! smoke: {"frame": {"ticks": 64}, "pixels": [[30, 0, "f5f5dcff"], [31, 0, "222222ff"], [32, 0, "222222ff"], [33, 0, "222222ff"], [34, 0, "f5f5dcff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: usize = 64;
const H: usize = 64;
const ON: [u8; 4] = [0x22, 0x22, 0x22, 0xff];
const OFF: [u8; 4] = [0xf5, 0xf5, 0xdc, 0xff];

struct Automaton {
    rows: [[bool; W]; H],
    /// Rows filled so far (the last one is the current generation).
    filled: usize,
    pixels: [u8; W * H * 4],
}

static mut AUTOMATON: Automaton = Automaton {
    rows: [[false; W]; H],
    filled: 0,
    pixels: [0; W * H * 4],
};

fn automaton() -> &'static mut Automaton {
    unsafe { &mut *core::ptr::addr_of_mut!(AUTOMATON) }
}

fn rule30(row: &[bool; W]) -> [bool; W] {
    let mut next = [false; W];
    for (x, cell) in next.iter_mut().enumerate() {
        let left = x > 0 && row[x - 1];
        let right = x + 1 < W && row[x + 1];
        *cell = left ^ (row[x] || right);
    }
    next
}

impl Automaton {
    fn render(&mut self) {
        for (y, row) in self.rows.iter().enumerate() {
            for (x, &on) in row.iter().enumerate() {
                let i = (y * W + x) * 4;
                self.pixels[i..i + 4].copy_from_slice(if on { &ON } else { &OFF });
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    let a = automaton();
    a.rows[0][W / 2] = true;
    a.filled = 1;
    a.render();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let a = automaton();
    let next = rule30(&a.rows[a.filled - 1]);
    if a.filled == H {
        a.rows.copy_within(1.., 0);
        a.rows[H - 1] = next;
    } else {
        a.rows[a.filled] = next;
        a.filled += 1;
    }
    a.render();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    automaton().pixels.as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    W as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    H as i32
}
