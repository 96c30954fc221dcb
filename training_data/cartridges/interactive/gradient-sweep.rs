//! A color gradient at the default 320×240 size (no size exports): red grows from left to
//! right, green from top to bottom, and blue sweeps up by 4 on every tick, wrapping at 256.
//! smoke: {"frame": {"ticks": 0}, "width": 320, "height": 240, "pixels": [[0, 0, "000000ff"], [319, 0, "ff0000ff"], [0, 239, "00ff00ff"]]}
//! smoke: {"frame": {"ticks": 10}, "pixels": [[319, 239, "ffff28ff"], [160, 120, "7f8028ff"]]}
//! smoke: {"frame": {"ticks": 64}, "pixels": [[0, 0, "000000ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: u32 = 320;
const H: u32 = 240;

static mut FRAME: [u8; (W * H * 4) as usize] = [0; (W * H * 4) as usize];
static mut TICKS: u32 = 0;

fn paint(ticks: u32) {
    let frame = unsafe { &mut *core::ptr::addr_of_mut!(FRAME) };
    let blue = (ticks * 4 % 256) as u8;
    for (i, px) in frame.chunks_exact_mut(4).enumerate() {
        let (x, y) = (i as u32 % W, i as u32 / W);
        px.copy_from_slice(&[
            (x * 255 / (W - 1)) as u8,
            (y * 255 / (H - 1)) as u8,
            blue,
            0xff,
        ]);
    }
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let ticks = unsafe {
        TICKS += 1;
        TICKS
    };
    paint(ticks);
}

#[no_mangle]
pub extern "C" fn x402_get_framebuffer() -> i32 {
    // The first frame is painted on demand: without `x402_init` nothing ran before.
    if unsafe { TICKS } == 0 {
        paint(0);
    }
    core::ptr::addr_of!(FRAME) as i32
}
