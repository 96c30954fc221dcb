//! An animated checkerboard: 8-pixel black and white squares on a 64×64 framebuffer that
//! scroll one pixel to the right on every tick, wrapping around.
//! smoke: {"frame": {"ticks": 0}, "width": 64, "height": 64, "pixels": [[0, 0, "ffffffff"], [8, 0, "000000ff"], [8, 8, "ffffffff"], [63, 63, "ffffffff"]]}
//! smoke: {"frame": {"ticks": 8}, "width": 64, "height": 64, "pixels": [[0, 0, "000000ff"], [8, 0, "ffffffff"]]}
//! smoke: {"frame": {"ticks": 3}, "pixels": [[2, 0, "000000ff"], [3, 0, "ffffffff"], [10, 0, "ffffffff"], [11, 0, "000000ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: usize = 64;
const H: usize = 64;
const CELL: usize = 8;

struct State {
    tick: usize,
    pixels: [u8; W * H * 4],
}

static mut STATE: State = State {
    tick: 0,
    pixels: [0; W * H * 4],
};

fn state() -> &'static mut State {
    // The host calls one export at a time, so this is the only live reference.
    unsafe { &mut *core::ptr::addr_of_mut!(STATE) }
}

fn draw(s: &mut State) {
    let shift = s.tick % W;
    for y in 0..H {
        for x in 0..W {
            // The pattern moves right: sample it `shift` pixels to the left.
            let sx = (x + W - shift) % W;
            let white = (sx / CELL + y / CELL).is_multiple_of(2);
            let rgba: u32 = if white { 0xffff_ffff } else { 0x0000_00ff };
            let i = (y * W + x) * 4;
            s.pixels[i..i + 4].copy_from_slice(&rgba.to_be_bytes());
        }
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    draw(state());
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let s = state();
    s.tick += 1;
    draw(s);
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    state().pixels.as_ptr() as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    W as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    H as i32
}
