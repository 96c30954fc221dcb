//! A Sierpinski triangle revealed from the top: on a 128×128 framebuffer a pixel belongs to
//! the triangle when `x & y == 0` (pink) and is black otherwise; rows not yet revealed are dark
//! grey, and each tick reveals four more rows (all of it after 32 ticks).
//! smoke: {"frame": {"ticks": 0}, "width": 128, "height": 128, "pixels": [[0, 0, "202020ff"], [127, 127, "202020ff"]]}
//! smoke: {"frame": {"ticks": 1}, "pixels": [[0, 0, "ff66ccff"], [3, 1, "000000ff"], [4, 3, "ff66ccff"], [0, 4, "202020ff"]]}
//! smoke: {"frame": {"ticks": 32}, "pixels": [[64, 63, "ff66ccff"], [65, 65, "000000ff"], [0, 127, "ff66ccff"], [127, 127, "000000ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const SIDE: usize = 128;
const ROWS_PER_TICK: usize = 4;

const TRIANGLE: [u8; 4] = [0xff, 0x66, 0xcc, 0xff];
const GAP: [u8; 4] = [0x00, 0x00, 0x00, 0xff];
const HIDDEN: [u8; 4] = [0x20, 0x20, 0x20, 0xff];

static mut PIXELS: [u8; SIDE * SIDE * 4] = [0; SIDE * SIDE * 4];
static mut REVEALED: usize = 0;

fn paint_row(y: usize, color: impl Fn(usize) -> [u8; 4]) {
    let pixels = unsafe { &mut *core::ptr::addr_of_mut!(PIXELS) };
    for x in 0..SIDE {
        let i = (y * SIDE + x) * 4;
        pixels[i..i + 4].copy_from_slice(&color(x));
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    for y in 0..SIDE {
        paint_row(y, |_| HIDDEN);
    }
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    // Only the newly revealed rows change.
    let start = unsafe { REVEALED };
    let end = (start + ROWS_PER_TICK).min(SIDE);
    for y in start..end {
        paint_row(y, |x| if x & y == 0 { TRIANGLE } else { GAP });
    }
    unsafe { REVEALED = end };
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    core::ptr::addr_of!(PIXELS) as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    SIDE as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    SIDE as i32
}
