//! A clock hand sweeping a 64×64 framebuffer: a 24-pixel line from the center drawn with
//! Bresenham's algorithm, pointing at 12 o'clock first and advancing one hour (30 degrees)
//! per tick, back at 12 after 12 ticks.
//! smoke: {"frame": {"ticks": 0}, "width": 64, "height": 64, "pixels": [[32, 8, "66fcf1ff"], [32, 20, "66fcf1ff"], [40, 32, "0b0c10ff"]]}
//! smoke: {"frame": {"ticks": 3}, "pixels": [[56, 32, "66fcf1ff"], [44, 32, "66fcf1ff"], [32, 20, "0b0c10ff"]]}
//! smoke: {"frame": {"ticks": 1}, "pixels": [[44, 11, "66fcf1ff"], [32, 32, "66fcf1ff"], [32, 8, "0b0c10ff"]]}
//! smoke: {"frame": {"ticks": 18}, "pixels": [[32, 56, "66fcf1ff"], [32, 8, "0b0c10ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const SIDE: i32 = 64;
const CENTER: i32 = 32;
const FACE: u32 = 0x0b0c_10ff;
const HAND: u32 = 0x66fc_f1ff;
/// Hand tip offsets for each hour from 12 o'clock, length 24 (y grows downwards).
const TIPS: [(i32, i32); 12] = [
    (0, -24),
    (12, -21),
    (21, -12),
    (24, 0),
    (21, 12),
    (12, 21),
    (0, 24),
    (-12, 21),
    (-21, 12),
    (-24, 0),
    (-21, -12),
    (-12, -21),
];

static mut PIXELS: [u8; (SIDE * SIDE * 4) as usize] = [0; (SIDE * SIDE * 4) as usize];
static mut HOUR: usize = 0;

fn plot(pixels: &mut [u8], x: i32, y: i32, color: u32) {
    if (0..SIDE).contains(&x) && (0..SIDE).contains(&y) {
        let i = ((y * SIDE + x) * 4) as usize;
        pixels[i..i + 4].copy_from_slice(&color.to_be_bytes());
    }
}

/// Bresenham's line from (x0, y0) to (x1, y1), all octants.
fn line(pixels: &mut [u8], (mut x0, mut y0): (i32, i32), (x1, y1): (i32, i32)) {
    let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
    let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
    let mut err = dx + dy;
    loop {
        plot(pixels, x0, y0, HAND);
        if (x0, y0) == (x1, y1) {
            break;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x0 += sx;
        }
        if e2 <= dx {
            err += dx;
            y0 += sy;
        }
    }
}

fn draw(hour: usize) {
    let pixels = unsafe { &mut *core::ptr::addr_of_mut!(PIXELS) };
    for px in pixels.chunks_exact_mut(4) {
        px.copy_from_slice(&FACE.to_be_bytes());
    }
    let (tx, ty) = TIPS[hour % 12];
    line(pixels, (CENTER, CENTER), (CENTER + tx, CENTER + ty));
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    draw(0);
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let hour = unsafe {
        HOUR = (HOUR + 1) % 12;
        HOUR
    };
    draw(hour);
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    core::ptr::addr_of!(PIXELS) as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    SIDE
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    SIDE
}
