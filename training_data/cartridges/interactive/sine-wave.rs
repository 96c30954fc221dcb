//! A scrolling sine wave on a 120×64 framebuffer: a cyan curve y = 32 - 20·sin(6x + 10t)
//! (degrees) over a dark background with a dim horizontal axis, each column joined to the
//! previous one so the curve has no gaps. Sine uses Bhaskara's rational approximation (exact at
//! 0, 30, 90 and 150 degrees), so no floating-point library is needed.
//! smoke: {"frame": {"ticks": 0}, "width": 120, "height": 64, "pixels": [[0, 32, "00e5ffff"], [15, 12, "00e5ffff"], [45, 52, "00e5ffff"], [15, 32, "1b263bff"], [15, 40, "000814ff"]]}
//! smoke: {"frame": {"ticks": 9}, "pixels": [[0, 12, "00e5ffff"], [0, 32, "1b263bff"], [30, 52, "00e5ffff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: usize = 120;
const H: usize = 64;
const MID: i32 = 32;
const AMPLITUDE: f64 = 20.0;
const BACKGROUND: [u8; 4] = [0x00, 0x08, 0x14, 0xff];
const AXIS: [u8; 4] = [0x1b, 0x26, 0x3b, 0xff];
const WAVE: [u8; 4] = [0x00, 0xe5, 0xff, 0xff];

static mut PIXELS: [u8; W * H * 4] = [0; W * H * 4];
static mut TICK: u32 = 0;

/// sin of `degrees` (any integer) by Bhaskara I's approximation.
fn sin_deg(degrees: u32) -> f64 {
    let d = degrees % 360;
    let (t, sign) = if d < 180 {
        (d as f64, 1.0)
    } else {
        ((d - 180) as f64, -1.0)
    };
    let p = t * (180.0 - t);
    sign * 4.0 * p / (40500.0 - p)
}

fn round(v: f64) -> i32 {
    if v >= 0.0 {
        (v + 0.5) as i32
    } else {
        (v - 0.5) as i32
    }
}

fn set(pixels: &mut [u8], x: usize, y: usize, color: &[u8; 4]) {
    let i = (y * W + x) * 4;
    pixels[i..i + 4].copy_from_slice(color);
}

fn draw(tick: u32) {
    let pixels = unsafe { &mut *core::ptr::addr_of_mut!(PIXELS) };
    for y in 0..H {
        for x in 0..W {
            set(
                pixels,
                x,
                y,
                if y as i32 == MID { &AXIS } else { &BACKGROUND },
            );
        }
    }
    let mut previous: Option<i32> = None;
    for x in 0..W {
        let y = MID - round(AMPLITUDE * sin_deg(x as u32 * 6 + tick * 10));
        let (from, to) = match previous {
            Some(p) => (p.min(y), p.max(y)),
            None => (y, y),
        };
        for yy in from..=to {
            set(pixels, x, yy as usize, &WAVE);
        }
        previous = Some(y);
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    draw(0);
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let tick = unsafe {
        TICK += 1;
        TICK
    };
    draw(tick);
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    core::ptr::addr_of!(PIXELS) as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    W as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    H as i32
}
