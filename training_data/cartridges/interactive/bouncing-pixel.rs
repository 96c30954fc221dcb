//! A 64x48 animation: a black screen where one red pixel moves one step right along the top
//! row each tick, wrapping at the right edge.
//! smoke: {"frame": {"ticks": 0}, "width": 64, "height": 48, "pixels": [[0, 0, "ff0000ff"], [1, 0, "000000ff"], [10, 10, "000000ff"]]}
//! smoke: {"frame": {"ticks": 3}, "width": 64, "height": 48, "pixels": [[3, 0, "ff0000ff"], [0, 0, "000000ff"]]}
//! smoke: {"frame": {"ticks": 65}, "pixels": [[1, 0, "ff0000ff"], [63, 0, "000000ff"]]}
#![no_std]

use core::arch::wasm32;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}

const WIDTH: usize = 64;
const HEIGHT: usize = 48;

/// RGBA, row-major.
static mut FRAME: [u8; WIDTH * HEIGHT * 4] = [0; WIDTH * HEIGHT * 4];
static mut X: usize = 0;

fn draw() {
    let frame = unsafe { &mut *core::ptr::addr_of_mut!(FRAME) };
    for (i, px) in frame.chunks_exact_mut(4).enumerate() {
        let lit = i == unsafe { X };
        px.copy_from_slice(if lit { &[255, 0, 0, 255] } else { &[0, 0, 0, 255] });
    }
}

/// The host asks for its preferred size; this animation keeps its own 64x48.
#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    unsafe { X = 0 };
    draw();
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    unsafe { X = (X + 1) % WIDTH };
    draw();
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    core::ptr::addr_of!(FRAME) as i32
}

#[no_mangle]
pub extern "C" fn x402_get_width() -> i32 {
    WIDTH as i32
}

#[no_mangle]
pub extern "C" fn x402_get_height() -> i32 {
    HEIGHT as i32
}
