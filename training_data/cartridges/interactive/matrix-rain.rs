//! "Digital rain" on a 64×48 black framebuffer: in every column a bright green drop falls
//! with a four-pixel fading trail, at 1, 2 or 3 pixels per tick (column mod 3) from a start
//! row of 7 × column mod 48, wrapping from the bottom back to the top.
//! smoke: {"frame": {"ticks": 0}, "width": 64, "height": 48, "pixels": [[0, 0, "00ff41ff"], [0, 47, "00cc00ff"], [0, 44, "003c00ff"], [0, 43, "000000ff"], [1, 7, "00ff41ff"]]}
//! smoke: {"frame": {"ticks": 10}, "pixels": [[0, 10, "00ff41ff"], [0, 9, "00cc00ff"], [0, 8, "009c00ff"], [0, 6, "003c00ff"], [0, 5, "000000ff"], [0, 11, "000000ff"], [1, 27, "00ff41ff"], [2, 44, "00ff41ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: usize = 64;
const H: usize = 48;
const HEAD: [u8; 4] = [0x00, 0xff, 0x41, 0xff];
/// Trail colors, nearest to the head first.
const TRAIL: [[u8; 4]; 4] = [
    [0x00, 0xcc, 0x00, 0xff],
    [0x00, 0x9c, 0x00, 0xff],
    [0x00, 0x6c, 0x00, 0xff],
    [0x00, 0x3c, 0x00, 0xff],
];

static mut PIXELS: [u8; W * H * 4] = [0; W * H * 4];
static mut TICK: usize = 0;

fn put(pixels: &mut [u8], x: usize, y: usize, color: &[u8; 4]) {
    let i = (y * W + x) * 4;
    pixels[i..i + 4].copy_from_slice(color);
}

fn draw(tick: usize) {
    let pixels = unsafe { &mut *core::ptr::addr_of_mut!(PIXELS) };
    for px in pixels.chunks_exact_mut(4) {
        px.copy_from_slice(&[0, 0, 0, 0xff]);
    }
    for x in 0..W {
        let speed = 1 + x % 3;
        let head = (x * 7 + tick * speed) % H;
        put(pixels, x, head, &HEAD);
        for (k, color) in TRAIL.iter().enumerate() {
            put(pixels, x, (head + H - 1 - k) % H, color);
        }
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
