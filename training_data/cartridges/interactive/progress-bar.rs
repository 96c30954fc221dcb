//! A looping progress bar on a 100×10 framebuffer: one more column fills green on every tick;
//! at 100 % the whole bar turns blue for one tick, then it starts again from empty.
//! smoke: {"frame": {"ticks": 0}, "width": 100, "height": 10, "pixels": [[0, 5, "333333ff"], [99, 9, "333333ff"]]}
//! smoke: {"frame": {"ticks": 50}, "pixels": [[0, 0, "4caf50ff"], [49, 5, "4caf50ff"], [50, 5, "333333ff"]]}
//! smoke: {"frame": {"ticks": 100}, "pixels": [[0, 5, "2196f3ff"], [99, 5, "2196f3ff"]]}
//! smoke: {"frame": {"ticks": 101}, "pixels": [[0, 5, "333333ff"]]}
#![no_std]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

const W: usize = 100;
const H: usize = 10;
const TRACK: u32 = 0x3333_33ff;
const FILL: u32 = 0x4caf_50ff;
const DONE: u32 = 0x2196_f3ff;

static mut PIXELS: [u32; W * H] = [0; W * H];
static mut PROGRESS: usize = 0;

fn draw(progress: usize) {
    let pixels = unsafe { &mut *core::ptr::addr_of_mut!(PIXELS) };
    for (i, px) in pixels.iter_mut().enumerate() {
        let color = match progress {
            W => DONE,
            p if i % W < p => FILL,
            _ => TRACK,
        };
        // Stored as u32 words: write the bytes in R, G, B, A memory order.
        *px = u32::from_ne_bytes(color.to_be_bytes());
    }
}

#[no_mangle]
pub extern "C" fn x402_init(_width: i32, _height: i32) {
    draw(0);
}

#[no_mangle]
pub extern "C" fn x402_tick() {
    let progress = unsafe {
        PROGRESS = (PROGRESS + 1) % (W + 1);
        PROGRESS
    };
    draw(progress);
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
